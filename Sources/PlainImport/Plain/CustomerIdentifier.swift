/// How an event or an upsert names its customer: exactly one of email, the workspace's own
/// externalId, or Plain's customer id (SPEC §2, §9).
public struct CustomerIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// Which of the three identifiers it is; raw values are the schema's field names.
    public enum Key: String, Sendable, Hashable {
        case emailAddress, externalId, customerId
    }

    public let key: Key
    public let value: String

    /// An identifier; `value` is sent as written.
    public init(key: Key, value: String) {
        self.key = key
        self.value = value
    }

    /// Reads `{"emailAddress": ...}` (or `externalId`, `customerId`): the first non-null member.
    public init?(json: JSONObject) {
        for member in json {
            guard let key = Key(rawValue: member.key), let value = member.value.stringValue else { continue }
            self.init(key: key, value: value)
            return
        }
        return nil
    }

    /// The key the journal remembers this customer by: emails compare without regard to case
    /// (SPEC §12.5), externalIds and ids exactly.
    public var journalKey: String {
        key == .emailAddress ? "\(key.rawValue):\(value.lowercased())" : "\(key.rawValue):\(value)"
    }

    /// `{"emailAddress": value}` as the schema's identifier inputs take it.
    public var json: JSONObject { JSONObject([key.rawValue: .string(value)]) }

    /// `email a@example.com`, for messages.
    public var description: String {
        switch key {
        case .emailAddress: "email \(value)"
        case .externalId: "externalId \(value)"
        case .customerId: "customer \(value)"
        }
    }
}
