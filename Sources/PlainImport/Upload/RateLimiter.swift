import Foundation
import Logging
import Synchronization

/// Paces requests to `--rate` per minute across every task of the run, and to what Plain's
/// `x-ratelimit-*` headers say when they say less is left (SPEC §6, §7.10).
///
/// Each request reserves the next free slot on a schedule under a lock that is held only for
/// that arithmetic; it is not an actor, because hopping to one twice per request cost more than
/// the pacing itself (issue 8). Only the wait for the slot suspends, outside the lock. A 429 holds every request
/// until Plain's reset instant. A reset further away than `maximumHeaderWait` (a skewed clock,
/// here or at Plain) is taken as that far, and a log line says so.
public final class RateLimiter: Sendable {
    /// The longest wait taken from `x-ratelimit-reset`; Plain's windows are a minute at most.
    public static let maximumHeaderWait: Duration = .seconds(60)

    private struct State {
        /// Whether a capped reset was already reported at warning level (later ones go to debug).
        var reportedFarReset = false
        var nextFree: ContinuousClock.Instant
        /// No request starts before this instant (a 429, or a budget Plain says is spent).
        var heldUntil: ContinuousClock.Instant?
        /// Plain's view: requests left until `serverReset`, counted down as slots are handed out.
        var serverRemaining: Int?
        var serverReset: ContinuousClock.Instant?
        /// Requests given a slot whose answers have not been observed yet.
        var outstanding = 0
    }

    /// Where the limiter reads the time: the monotonic clock for its schedule, the wall clock to
    /// read Plain's reset headers. Tests pass a clock of their own; runs use `system`.
    public struct Clock: Sendable {
        public var now: @Sendable () -> ContinuousClock.Instant
        public var date: @Sendable () -> Date

        /// A clock reading `now` and `date`.
        public init(now: @escaping @Sendable () -> ContinuousClock.Instant, date: @escaping @Sendable () -> Date) {
            self.now = now
            self.date = date
        }

        /// The machine's clocks.
        public static let system = Clock(now: { ContinuousClock.now }, date: { Date() })
    }

    private let clock: Clock
    private let logger: Logger
    private let interval: Duration
    private let burst: Duration
    private let state: Mutex<State>

    /// A limiter for `requestsPerMinute`, allowing about a second's worth of requests at once.
    /// `logger` hears when a reset from Plain's headers is too far away to be believed.
    /// `clock` is where it reads the time.
    public init(
        requestsPerMinute: Int,
        logger: Logger = Logger(label: "plain-import", factory: { _ in SwiftLogNoOpLogHandler() }),
        clock: Clock = .system
    ) {
        self.clock = clock
        self.logger = logger
        let rate = max(1, requestsPerMinute)
        interval = .nanoseconds(Int64(60_000_000_000 / rate))
        burst = interval * max(1, min(rate / 60, 10))
        state = Mutex(State(nextFree: clock.now()))
    }

    /// Waits for this request's slot. Throws `CancellationError` when the task is cancelled.
    /// Every slot acquired is followed by one `observe` of its answer (empty headers when none came).
    public func acquire() async throws {
        let wait = state.withLock { state in
            state.outstanding += 1
            return reserve(&state)
        }
        do {
            if wait > .zero { try await Task.sleep(for: wait) }
            try Task.checkCancellation()
        } catch {
            state.withLock { $0.outstanding -= 1 }
            throw error
        }
    }

    /// Reserves the next slot and returns how long until it.
    func reserve() -> Duration {
        state.withLock { reserve(&$0) }
    }

    private func reserve(_ state: inout State) -> Duration {
        let now = clock.now()
        var start = max(state.nextFree, now - burst)
        if let held = state.heldUntil {
            if held > start { start = held } else if held <= now { state.heldUntil = nil }
        }
        var spacing = interval
        if let remaining = state.serverRemaining, let reset = state.serverReset {
            if reset <= now {
                state.serverRemaining = nil
                state.serverReset = nil
            } else if remaining <= 0 {
                // Plain says the budget is spent: nothing until its reset.
                start = max(start, reset + .milliseconds(50))
                state.serverRemaining = nil
                state.serverReset = nil
            } else {
                // Spread what is left over the time to the reset, if that is slower than --rate.
                let share = (reset - max(start, now)) / remaining
                if share > spacing { spacing = share }
                state.serverRemaining = remaining - 1
            }
        }
        state.nextFree = start + spacing
        return start - now
    }

    /// Takes in the answer to a request that acquired a slot: what Plain's headers said, if anything.
    public func observe(_ headers: RateLimitHeaders) {
        guard let reported = headers.remaining, let reset = headers.reset else {
            state.withLock { $0.outstanding = max(0, $0.outstanding - 1) }
            return
        }
        let wait = headerWait(until: reset, why: "pacing to x-ratelimit-remaining")
        state.withLock { state in
            state.outstanding = max(0, state.outstanding - 1)
            // Requests still in flight may have reached Plain after this one: count them as spent.
            let remaining = reported - state.outstanding
            let instant = clock.now() + wait
            // The smallest remaining for the current window wins: answers arrive out of order.
            if let known = state.serverReset, let knownRemaining = state.serverRemaining, abs((known - instant).inSeconds) < 0.5 {
                state.serverRemaining = min(knownRemaining, remaining)
            } else if state.serverReset == nil || instant > (state.serverReset ?? instant) || state.serverRemaining == nil {
                state.serverRemaining = remaining
                state.serverReset = instant
            }
        }
    }

    /// Holds every request until `instant` (a 429's reset, at most `maximumHeaderWait` away)
    /// plus up to `jitter`.
    public func hold(until instant: Date, jitter: Duration = .milliseconds(250)) {
        let delay = headerWait(until: instant, why: "holding requests after a 429") + .seconds(Double.random(in: 0...jitter.inSeconds))
        hold(for: delay)
    }

    /// The wait until `reset` as Plain's header gives it, capped at `maximumHeaderWait`; a capped
    /// wait is logged (a warning the first time, then at debug level).
    private func headerWait(until reset: Date, why: String) -> Duration {
        let seconds = max(0, reset.timeIntervalSince(clock.date()))
        guard seconds > Self.maximumHeaderWait.inSeconds else { return .seconds(seconds) }
        let message: Logger.Message =
            "x-ratelimit-reset is \(Int(seconds.rounded())) s away (a skewed clock?); \(why) waits \(Int(Self.maximumHeaderWait.inSeconds)) s at most"
        let reportedBefore = state.withLock { state in
            defer { state.reportedFarReset = true }
            return state.reportedFarReset
        }
        if reportedBefore {
            logger.debug(message)
        } else {
            logger.warning(message)
        }
        return Self.maximumHeaderWait
    }

    /// Holds every request for `delay`.
    public func hold(for delay: Duration) {
        let until = clock.now() + delay
        state.withLock { state in
            if state.heldUntil.map({ until > $0 }) ?? true { state.heldUntil = until }
            state.serverRemaining = nil
            state.serverReset = nil
        }
    }
}
