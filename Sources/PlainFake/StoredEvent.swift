import PlainImport

/// An event the stand-in accepted.
public struct StoredEvent: Sendable, Hashable {
    public let id: String
    public let kind: EventKind
    public let externalId: String?
    /// The input as received (with `externalId`).
    public let input: JSONObject
    /// Plain's id of the event's customer.
    public let customerId: String?
    /// Plain's id of a thread event's thread.
    public let threadId: String?
}
