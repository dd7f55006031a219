/// What the journal remembers of one customer or thread (SPEC §9, §12.7): Plain's id when it
/// exists, and how that became known, so that each is upserted or looked up once per journal.
public struct DirectoryEntry: Sendable, Hashable {
    /// How the entry came to be.
    public enum Result: String, Sendable, Hashable {
        /// `upsertCustomer` created it.
        case created = "CREATED"
        /// `upsertCustomer` found it and changed nothing.
        case noop = "NOOP"
        /// `upsertCustomer` found it and changed it (never asked for, but Plain may say so).
        case updated = "UPDATED"
        /// A look-up found it.
        case found = "FOUND"
        /// A look-up found nothing.
        case notFound = "NOT_FOUND"
        /// `upsertCustomer` was refused: `failure` says why.
        case refused = "REFUSED"

        /// Whether the customer or thread exists in Plain.
        public var exists: Bool { self != .notFound && self != .refused }
    }

    public var plainId: String?
    public var result: Result
    /// Plain's refusal, for `.refused`.
    public var failure: PlainFailure?

    /// An entry; see the properties.
    public init(plainId: String?, result: Result, failure: PlainFailure? = nil) {
        self.plainId = plainId
        self.result = result
        self.failure = failure
    }
}
