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
    }

    /// A consistent copy of the counters.
    public struct Snapshot: Sendable, Hashable {
        public var recordsRead = 0
        public var created = 0
        public var duplicates = 0
        public var failed = 0
        public var invalid = 0
        public var pending = 0
        public var skipped = 0
        /// Sources settled by earlier runs and left unread.
        public var sourcesUnread = 0
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
        public var inFlight = 0
        public var concurrencyLimit = 0
        /// Records of the inputs when known in advance (never for stdin or gzip).
        public var totalRecords: Int?
        public var stopReason: StopReason?
        public var lastRateLimit: RateLimitHeaders?
    }

    private struct State {
        var snapshot = Snapshot()
        var lastSuccess = ContinuousClock.now
        var authFailure: PlainFailure?
    }

    private let state = Mutex(State())

    public init() {}

    /// The counters now.
    public var snapshot: Snapshot { state.withLock { $0.snapshot } }

    /// Changes counters under the lock.
    public func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0.snapshot) }
    }

    /// Asks the run to stop taking records; the first reason given is kept.
    public func requestStop(_ reason: StopReason) {
        state.withLock { if $0.snapshot.stopReason == nil { $0.snapshot.stopReason = reason } }
    }

    /// Why the run is stopping, if it is.
    public var stopReason: StopReason? { state.withLock { $0.snapshot.stopReason } }

    /// Notes that Plain answered (anything but a transient failure).
    func noteAnswered() {
        state.withLock { $0.lastSuccess = ContinuousClock.now }
    }

    /// Notes a transient failure; true when nothing has succeeded for `giveUpAfter`.
    func noteTransientFailure(giveUpAfter: Duration) -> Bool {
        state.withLock { ContinuousClock.now - $0.lastSuccess >= giveUpAfter }
    }

    /// Keeps the first authentication failure, for the final message.
    func noteAuthenticationFailure(_ failure: PlainFailure) {
        state.withLock { if $0.authFailure == nil { $0.authFailure = failure } }
    }

    /// The authentication failure that stopped the run, if any.
    public var authenticationFailure: PlainFailure? { state.withLock { $0.authFailure } }
}
