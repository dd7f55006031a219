/// A record's fate as the journal keeps it.
public enum RecordStatus: String, Sendable, Hashable, CaseIterable {
    /// Read, not settled: out of attempts or stopped; sent again by the next run.
    case pending
    /// Handed to the uploader; after a crash it is sent again with the same externalId.
    case inFlight = "in_flight"
    /// Created in Plain.
    case done
    /// Plain already had its externalId.
    case duplicate
    /// Plain refused it.
    case failed
    /// It could not be read or mapped; never sent.
    case invalid
    /// It does not meet the mapping's `where:` conditions; never sent, never a failure (SPEC §15.3).
    case filtered

    /// Done, duplicate, failed, invalid and filtered records are settled (SPEC §7.12, §15.3).
    public var isSettled: Bool {
        switch self {
        case .done, .duplicate, .failed, .invalid, .filtered: true
        case .pending, .inFlight: false
        }
    }

    /// Records Plain has: done or duplicate.
    public static let inPlain: [RecordStatus] = [.done, .duplicate]
    /// Records settled: in Plain, failed, invalid or filtered (SPEC §7.12, §15.3).
    public static let settled: [RecordStatus] = allCases.filter(\.isSettled)
    /// Records `failures` lists: failed or invalid.
    public static let refused: [RecordStatus] = [.failed, .invalid]

    /// `statuses` as an SQL list, `('done','duplicate')`: the journal's SQL names statuses only
    /// through this enum.
    static func sql(_ statuses: [RecordStatus]) -> String {
        "(" + statuses.map { "'\($0.rawValue)'" }.joined(separator: ",") + ")"
    }

    /// The status as an SQL literal, `'invalid'`.
    var sql: String { "'\(rawValue)'" }
}
