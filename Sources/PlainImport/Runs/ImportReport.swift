/// How an import run ended.
public struct ImportReport: Sendable {
    /// The run's outcome, which decides the exit code (SPEC §3, §7.11).
    public enum Verdict: Sendable, Hashable {
        /// Every record of the inputs is in Plain.
        case complete
        /// Finished, but some records of the inputs are failed or invalid.
        case someRecordsUnsettled
        /// Stopped early or left records pending; a later run resumes.
        case stoppedEarly
        /// Plain refused the key or its permissions, or the proxy its credentials.
        case authenticationRefused
        /// A setting, an input or the mapping must change before anything can be sent:
        /// Plain's certificate is not trusted (SPEC §12.17), the endpoint is not Plain's, a
        /// file or the mapping cannot be read.
        case configurationError
        /// Another run holds the journal: nothing was done (SPEC §3 exit 4).
        case journalHeld
    }

    /// This run's counters.
    public var run: RunMonitor.Snapshot
    /// The journal's counts over the run's inputs after the run (earlier runs included).
    public var inputs: StatusCounts
    public var elapsed: Duration
    public var stopReason: RunMonitor.StopReason?
    public var authenticationFailure: PlainFailure?
    /// The setting that stopped the run: an untrusted certificate (SPEC §12.17) or an endpoint
    /// that is not Plain's (SPEC §14.7).
    public var certificateFailure: PlainFailure?
    public var journalFailure: JournalError?
    /// The permanent failure that stopped the run (SPEC §12.16).
    public var certainFailure: PlainFailure?
    /// Whether Plain answered anything at all in this run.
    public var answeredOnce = true

    public var verdict: Verdict {
        if stopReason == .authenticationRefused { return .authenticationRefused }
        if stopReason == .untrustedCertificate || stopReason == .wrongEndpoint { return .configurationError }
        // A person is needed: exit 3 would read as "resumes by itself" (SPEC §12.16).
        if stopReason == .certainFailure || stopReason == .invalidFlood { return .someRecordsUnsettled }
        if stopReason != nil || inputs.pending > 0 || run.recordsHeld > 0 { return .stoppedEarly }
        if inputs.failed + inputs.invalid > 0 || run.sourcesUnreadable > 0 { return .someRecordsUnsettled }
        return .complete
    }
}
