/// A guess about how an input would read, said once: the fact (`message`, naming the input) and
/// what would read it (`suggestion`), which the executable says in its own words.
public struct ReadingHint: Sendable, Hashable, CustomStringConvertible {
    /// What would read the input.
    public enum Suggestion: Sendable, Hashable {
        case encoding(TextEncoding)
        case format(InputFormat)
    }

    /// The fact, naming the input: `orders.csv: not UTF-8 (byte 0xE9 at line 3): it looks like windows-1252`.
    public let message: String
    public let suggestion: Suggestion

    /// A hint saying `message`, suggesting `suggestion`.
    public init(message: String, suggestion: Suggestion) {
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String { message }

    /// The log metadata key a suggested encoding is carried under (its value: the encoding's name).
    public static let encodingMetadataKey = "suggestedEncoding"
    /// The log metadata key a suggested format is carried under (its value: the format's name).
    public static let formatMetadataKey = "suggestedFormat"

    /// The suggestion as log metadata: one key, the encoding's or format's name.
    public var metadata: (key: String, value: String) {
        switch suggestion {
        case .encoding(let encoding): (Self.encodingMetadataKey, encoding.rawValue)
        case .format(let format): (Self.formatMetadataKey, format.rawValue)
        }
    }
}
