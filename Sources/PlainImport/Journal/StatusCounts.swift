/// Counts of records by status.
public struct StatusCounts: Sendable, Hashable, Codable {
    public var records = 0
    public var done = 0
    public var duplicate = 0
    public var failed = 0
    public var invalid = 0
    /// Records the mapping's `where:` left out (SPEC §15.3).
    public var filtered = 0
    /// Pending and in-flight records.
    public var pending = 0

    /// No records.
    public init() {}

    mutating func add(_ status: RecordStatus, _ count: Int) {
        records += count
        switch status {
        case .done: done += count
        case .duplicate: duplicate += count
        case .failed: failed += count
        case .invalid: invalid += count
        case .filtered: filtered += count
        case .pending, .inFlight: pending += count
        }
    }

    /// Adds `other`'s counts to these.
    public mutating func add(_ other: StatusCounts) {
        records += other.records
        done += other.done
        duplicate += other.duplicate
        failed += other.failed
        invalid += other.invalid
        filtered += other.filtered
        pending += other.pending
    }
}
