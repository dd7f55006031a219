/// What to do after a failed attempt (SPEC §6, §7.9): a pure decision, tested without sockets.
public struct RetryPolicy: Sendable, Hashable {
    /// What the uploader does next with a record.
    public enum Decision: Sendable, Equatable {
        /// Created or already there: settled.
        case settle
        /// Plain refused the record itself: settled as failed, never retried.
        case fail
        /// Nothing can succeed until a person acts (the key, its permissions, the proxy's
        /// credentials, an untrusted certificate): stop the whole run for `reason`.
        case stopRun(RunMonitor.StopReason)
        /// Over the rate limit: wait (until the reset instant when Plain gave one) and resend.
        case waitForRateLimit
        /// A transient failure: resend after `delay`.
        case retry(after: Duration)
        /// Out of attempts: leave the record pending for a later run.
        case giveUp
    }

    /// Attempts per record, the first included.
    public var maximumAttempts: Int
    /// First backoff ceiling.
    public var baseDelay: Duration
    /// Largest backoff ceiling.
    public var maximumDelay: Duration

    /// A policy of at most `maximumAttempts` per record, backing off from `baseDelay` up to `maximumDelay`.
    public init(maximumAttempts: Int = 8, baseDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(30)) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// The decision after attempt number `attempt` (from 1) ended with `failure`.
    /// `random` picks the full-jitter delay in [0, ceiling]; it is injectable for tests.
    public func decide(after failure: PlainFailure, attempt: Int, random: (Double) -> Double = { Double.random(in: 0...$0) }) -> Decision {
        if failure.isDuplicateExternalId { return .settle }
        switch failure.category {
        case .validation, .notFound, .badRequest:
            return .fail
        case .unauthenticated, .forbidden, .proxyAuthenticationRequired:
            return .stopRun(.authenticationRefused)
        case .untrustedCertificate:
            return .stopRun(.untrustedCertificate)
        case .wrongEndpoint:
            return .stopRun(.wrongEndpoint)
        case .rateLimited:
            return .waitForRateLimit
        case .internalError, .serverError, .transport, .malformedResponse:
            if attempt >= maximumAttempts { return .giveUp }
            return .retry(after: backoff(attempt: attempt, random: random))
        }
    }

    /// Exponential backoff with full jitter: a random delay up to min(maximum, base × 2^(attempt-1)).
    public func backoff(attempt: Int, random: (Double) -> Double = { Double.random(in: 0...$0) }) -> Duration {
        let base = baseDelay.inSeconds
        let ceiling = min(maximumDelay.inSeconds, base * Double(1 << min(max(attempt - 1, 0), 30)))
        return .seconds(random(ceiling))
    }
}
