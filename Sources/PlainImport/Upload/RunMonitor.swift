import Synchronization

/// Counters and stop requests shared by every task of one run. Readable at any time (for
/// progress) from any thread.
public final class RunMonitor: Sendable {
    /// Why a run stops before reading everything.
    public enum StopReason: String, Sendable, Hashable {
        /// SIGINT / SIGTERM.
        case signal
        /// `--max-duration` elapsed.
        case timeUp
        /// Plain answered nothing useful for `--give-up-after`.
        case plainUnavailable
        /// Plain refused the key or its permissions.
        case authenticationRefused
        /// The journal could not be written (full disk, read-only file).
        case journalFailure
        /// `--limit` events were sent.
        case limitReached
        /// The run's first answers were all the same permanent failure (SPEC §12.16).
        case certainFailure
        /// Plain's TLS certificate is not trusted or does not match the host (SPEC §12.17).
        case untrustedCertificate
        /// The endpoint is not Plain's GraphQL API: it redirects, or answers 404 or 405 (SPEC §14.7).
        case wrongEndpoint
        /// The run's first `invalidFloodRecords` records read were all invalid: the input is not
        /// what the mapping or format expects.
        case invalidFlood
    }

    /// How many records in a row, from a run's first, all invalid, stop the run (`.invalidFlood`).
    public static let invalidFloodRecords = 1000

    /// How many answers in a row, from the start, decide that a permanent failure is certain.
    public static let certainFailureAnswers = 50
    /// How long a run that never had an answer from Plain retries before it gives up.
    public static let giveUpWithoutAnyAnswer: Duration = .seconds(30)

    /// A consistent copy of the counters.
    public struct Snapshot: Sendable, Hashable {
        public var recordsRead = 0
        public var created = 0
        public var duplicates = 0
        public var failed = 0
        public var invalid = 0
        /// Records the mapping's `where:` left out in this run (SPEC §15.3).
        public var filtered = 0
        public var pending = 0
        public var skipped = 0
        /// Sources settled by earlier runs and left unread.
        public var sourcesUnread = 0
        /// Sources whose reading failed part-way (a truncated `.gz`, a read error): their rest
        /// is not in Plain.
        public var sourcesUnreadable = 0
        /// Last records held unread because their file was still being written.
        public var recordsHeld = 0
        public var requests = 0
        public var retries = 0
        public var rateLimited = 0
        /// Customers created by `upsertCustomer` in this run.
        public var customersCreated = 0
        /// Customers `upsertCustomer` found existing in this run.
        public var customersExisting = 0
        /// Customers whose upsert Plain refused in this run.
        public var customersFailed = 0
        /// Customer and thread look-ups sent in this run.
        public var lookups = 0
        /// Records handed to the uploader and not settled yet (some wait for their customer or a slot).
        public var inFlight = 0
        /// HTTP requests sent and not answered yet: what Plain sees at once.
        public var requestsInFlight = 0
        public var concurrencyLimit = 0
        /// Records of the inputs, once counted (never for stdin).
        public var totalRecords: Int?
        /// Records of the inputs already settled when the run began.
        public var settledBefore = 0
        /// Of those, in Plain (done or duplicate), failed and invalid.
        public var inPlainBefore = 0
        public var failedBefore = 0
        public var invalidBefore = 0
        public var filteredBefore = 0
        /// Bytes of the inputs read in this run, and the inputs' size (0 when unknown: stdin, gzip).
        public var bytesRead: Int64 = 0
        public var bytesTotal: Int64 = 0
        public var stopReason: StopReason?
        public var lastRateLimit: RateLimitHeaders?
    }

    private struct State {
        var snapshot = Snapshot()
        var lastSuccess = ContinuousClock.now
        var authFailure: PlainFailure?
        var everAnswered = false
        var transportFailureSaid = false
        var certainFailure: PlainFailure?
        var certificateFailure: PlainFailure?
    }

    private let state = Mutex(State())

    /// A monitor with every counter at zero and no stop requested.
    public init() {}

    /// The counters now.
    public var snapshot: Snapshot { state.withLock { $0.snapshot } }

    /// Changes counters under the lock (and returns what `change` returns: several changes and a
    /// read are made in one locking, which every record would otherwise pay several times).
    @discardableResult
    public func update<Result>(_ change: (inout Snapshot) -> Result) -> Result {
        state.withLock { change(&$0.snapshot) }
    }

    /// Counts a request answered with `rateLimit` and, when it is `answered` (anything but a
    /// transient failure), notes it as `noteAnswered` does: one locking.
    func noteRequest(rateLimit: RateLimitHeaders, answered: Bool) {
        state.withLock {
            $0.snapshot.requests += 1
            if rateLimit.remaining != nil { $0.snapshot.lastRateLimit = rateLimit }
            if answered {
                $0.lastSuccess = ContinuousClock.now
                $0.everAnswered = true
            }
        }
    }

    /// Asks the run to stop taking records; the first reason given is kept. True for the
    /// request that set the reason (so that a reason is said once).
    @discardableResult
    public func requestStop(_ reason: StopReason) -> Bool {
        state.withLock {
            guard $0.snapshot.stopReason == nil else { return false }
            $0.snapshot.stopReason = reason
            return true
        }
    }

    /// Why the run is stopping, if it is.
    public var stopReason: StopReason? { state.withLock { $0.snapshot.stopReason } }

    /// Notes that Plain answered (anything but a transient failure).
    func noteAnswered() {
        state.withLock {
            $0.lastSuccess = ContinuousClock.now
            $0.everAnswered = true
        }
    }

    /// Notes a transient failure; true when nothing has succeeded for `giveUpAfter`, or for
    /// `giveUpWithoutAnyAnswer` when Plain has not answered once in this run.
    func noteTransientFailure(giveUpAfter: Duration) -> Bool {
        state.withLock {
            let budget = $0.everAnswered ? giveUpAfter : min(giveUpAfter, Self.giveUpWithoutAnyAnswer)
            return ContinuousClock.now - $0.lastSuccess >= budget
        }
    }

    /// Whether requests are in flight and none has succeeded for `budget`: the run waits on a
    /// Plain that does not answer (a stalled connection, a hold that never ends).
    public func isStalled(for budget: Duration) -> Bool {
        state.withLock { $0.snapshot.inFlight > 0 && ContinuousClock.now - $0.lastSuccess >= budget }
    }

    /// Whether Plain has answered at least once in this run.
    public var everAnswered: Bool { state.withLock { $0.everAnswered } }

    /// True the first time only: the first connection failure of a run is said at once.
    func isFirstTransportFailure() -> Bool {
        state.withLock { state in
            defer { state.transportFailureSaid = true }
            return !state.transportFailureSaid && !state.everAnswered
        }
    }

    /// Keeps the failure that made the run's outcome certain (SPEC §12.16).
    func noteCertainFailure(_ failure: PlainFailure) {
        state.withLock { if $0.certainFailure == nil { $0.certainFailure = failure } }
    }

    /// The failure every one of the run's first answers was, when that stopped the run.
    public var certainFailure: PlainFailure? { state.withLock { $0.certainFailure } }

    /// Keeps the first untrusted-certificate failure, for the final message.
    func noteCertificateFailure(_ failure: PlainFailure) {
        state.withLock { if $0.certificateFailure == nil { $0.certificateFailure = failure } }
    }

    /// The certificate failure that stopped the run, if any.
    public var certificateFailure: PlainFailure? { state.withLock { $0.certificateFailure } }

    /// Keeps the first authentication failure, for the final message.
    func noteAuthenticationFailure(_ failure: PlainFailure) {
        state.withLock { if $0.authFailure == nil { $0.authFailure = failure } }
    }

    /// The authentication failure that stopped the run, if any.
    public var authenticationFailure: PlainFailure? { state.withLock { $0.authFailure } }
}
