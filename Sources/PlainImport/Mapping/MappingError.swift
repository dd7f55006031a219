/// A mapping file that cannot be used, with the line of the mapping file that is wrong.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    public let file: String
    /// The 1-based line in the mapping file, when known.
    public let line: Int?
    public let message: String

    /// An error in the mapping `file`, at `line` when known.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
