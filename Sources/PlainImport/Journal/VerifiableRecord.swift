/// A record the journal holds as in Plain, with what `verify` needs to find it there (SPEC §10).
public struct VerifiableRecord: Sendable, Hashable {
    public let sourceId: Int64
    public let source: String
    public let offset: Int64
    public let line: Int
    public let externalId: String
    public let kind: EventKind
    /// The journal key of a customer event's customer.
    public let customer: String?
    /// Plain's customer id (customer events) or thread id (thread events), when known.
    public let parentId: String?
}
