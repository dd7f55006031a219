import Foundation

/// Plain's API key. It prints as `<redacted>` everywhere, so it cannot leak into logs,
/// errors or the journal.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let secret: String

    /// A key; surrounding whitespace (a trailing newline in a key file) is dropped.
    public init(_ secret: String) throws(ConfigurationError) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ConfigurationError("the API key is empty") }
        guard !trimmed.contains(where: { $0.isNewline || $0.isWhitespace }) else {
            throw ConfigurationError("the API key contains whitespace; is the key file right?")
        }
        self.secret = trimmed
    }

    /// The key from `--api-key-file` when given, else from `PLAIN_API_KEY`.
    public static func resolve(file: String?, environment: [String: String]) throws(ConfigurationError) -> APIKey {
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationError("cannot read the API key file \(file)")
            }
            return try APIKey(text)
        }
        guard let value = environment["PLAIN_API_KEY"] else {
            throw ConfigurationError("no API key", remedy: .giveAPIKey)
        }
        return try APIKey(value)
    }

    /// The `Authorization` header value.
    var authorization: String { "Bearer " + secret }

    /// `text` with every occurrence of the key replaced by `<redacted>`.
    public func redact(_ text: String) -> String {
        text.contains(secret) ? text.replacingOccurrences(of: secret, with: "<redacted>") : text
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
