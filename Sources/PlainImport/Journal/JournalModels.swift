/// A source as the journal knows it.
public struct JournalSource: Sendable, Hashable {
    public let id: Int64
    public let path: String
    public let size: Int64
    public let headHash: String
    public let headLength: Int
    public let format: String
    /// Fingerprint of the mapping used when the source was begun; nil for native NDJSON.
    public let mappingFingerprint: String?
    /// Byte offset of the first record not yet settled, and its line.
    public let checkpointOffset: Int64
    public let checkpointLine: Int
    /// Where the (decompressed) bytes ended when a run last read the source to its end, with
    /// the file at `size`; nil when never read to the end or the size changed since.
    public let endOffset: Int64?
}

/// One record's new state, written in a batch.
public struct RecordUpdate: Sendable {
    public var sourceId: Int64
    public var offset: Int64
    public var line: Int
    public var externalId: String?
    public var status: RecordStatus
    public var plainId: String?
    /// Error code, message, fields (JSON) and request id, for failed and invalid records.
    public var errorCode: String?
    public var errorMessage: String?
    public var errorFields: String?
    public var requestId: String?
    /// The record as read (JSON), kept for failed and invalid records.
    public var record: String?

    public init(sourceId: Int64, offset: Int64, line: Int, externalId: String?, status: RecordStatus, plainId: String? = nil,
                errorCode: String? = nil, errorMessage: String? = nil, errorFields: String? = nil, requestId: String? = nil,
                record: String? = nil) {
        self.sourceId = sourceId
        self.offset = offset
        self.line = line
        self.externalId = externalId
        self.status = status
        self.plainId = plainId
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.errorFields = errorFields
        self.requestId = requestId
        self.record = record
    }
}

/// Counts of records by status.
public struct StatusCounts: Sendable, Hashable, Codable {
    public var records = 0
    public var done = 0
    public var duplicate = 0
    public var failed = 0
    public var invalid = 0
    /// Pending and in-flight records.
    public var pending = 0

    public init() {}

    mutating func add(_ status: RecordStatus, _ count: Int) {
        records += count
        switch status {
        case .done: done += count
        case .duplicate: duplicate += count
        case .failed: failed += count
        case .invalid: invalid += count
        case .pending, .inFlight: pending += count
        }
    }

    public mutating func add(_ other: StatusCounts) {
        records += other.records
        done += other.done
        duplicate += other.duplicate
        failed += other.failed
        invalid += other.invalid
        pending += other.pending
    }
}

/// What `status` shows for one source.
public struct SourceStatus: Sendable, Hashable {
    public let source: JournalSource
    public let counts: StatusCounts
    public let lastRun: String?
}

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
