/// One failed or invalid record, for `failures`.
public struct FailureEntry: Sendable, Hashable {
    public let source: String
    public let line: Int
    public let externalId: String?
    public let status: RecordStatus
    public let errorCode: String?
    public let errorMessage: String?
    /// JSON array text of `{field, message, type}`.
    public let errorFields: String?
    public let requestId: String?
    /// JSON text of the record as read.
    public let record: String?
}
