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

    /// Done, duplicate, failed and invalid records are settled (SPEC §7.12).
    public var isSettled: Bool {
        switch self {
        case .done, .duplicate, .failed, .invalid: true
        case .pending, .inFlight: false
        }
    }
}
