import Foundation
import Logging
import Testing

@testable import PlainImport

/// The rate limiter on a clock that stands still unless a test moves it: every wait is exact,
/// none is measured on the wall clock.
@Suite struct RateLimiterTests {
    @Test func limiterSpacesRequestsAtTheRate() {
        let time = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 600, clock: time.clock)  // one per 100 ms
        let waits = (0..<20).map { _ in limiter.reserve() }
        #expect(waits == (0..<20).map { Duration.milliseconds(100 * $0) })
        // A second later, a second's worth of slots has passed.
        time.advance(by: .seconds(1))
        #expect(limiter.reserve() == .milliseconds(1_000))
    }

    @Test func idleTimeAllowsABurstOfASecondAtMost() {
        let time = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 600, clock: time.clock)
        time.advance(by: .seconds(30))
        // After a long pause, slots reach back a second (a slot in the past starts at once): ten
        // start at once with the one due now, then the spacing resumes.
        let waits = (0..<12).map { _ in max(limiter.reserve(), .zero) }
        #expect(waits == Array(repeating: .zero, count: 11) + [.milliseconds(100)])
    }

    @Test func aSpentServerBudgetHoldsUntilItsReset() async {
        let time = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 60_000, clock: time.clock)
        _ = try? await limiter.acquire()
        limiter.observe(RateLimitHeaders(limit: 100, remaining: 0, reset: time.date.addingTimeInterval(2)))
        #expect(limiter.reserve() == .milliseconds(2_050), "the reset, and 50 ms for Plain's clock")
    }

    @Test func aSmallServerBudgetIsSpreadUntilTheReset() async {
        let time = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 60_000, clock: time.clock)
        _ = try? await limiter.acquire()
        limiter.observe(RateLimitHeaders(limit: 100, remaining: 10, reset: time.date.addingTimeInterval(5)))
        let waits = (0..<10).map { _ in limiter.reserve().inSeconds }
        // Ten requests over five seconds: about half a second apart, not a millisecond as --rate allows.
        #expect(waits[0] == 0.001)
        #expect(waits[9] > 4 && waits[9] < 5, "\(waits)")
        for index in 1..<10 { #expect(waits[index] - waits[index - 1] > 0.4, "\(waits)") }
    }

    @Test func requestsInFlightCountAgainstTheReportedBudget() async {
        let time = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 60_000, clock: time.clock)
        for _ in 0..<5 { _ = try? await limiter.acquire() }
        // One answer says 4 are left, while 4 other requests have not been answered yet.
        limiter.observe(RateLimitHeaders(limit: 100, remaining: 4, reset: time.date.addingTimeInterval(3)))
        #expect(limiter.reserve() == .milliseconds(3_050), "nothing is left for new requests until the reset")
    }

    @Test func aResetFarInTheFutureWaitsAMinuteAtMostAndSaysSo() async {
        let log = CapturedLog()
        let time = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 60_000, logger: log.logger(), clock: time.clock)
        // A skewed clock: the 429's reset is 11 minutes away.
        limiter.hold(until: time.date.addingTimeInterval(660), jitter: .zero)
        #expect(limiter.reserve() == .seconds(60))
        #expect(log.lines.count == 1)
        #expect(log.lines.first?.level == .warning)
        #expect(log.lines.first?.message.contains("x-ratelimit-reset is 660 s away") == true, "\(log.lines)")
        #expect(log.lines.first?.message.contains("60 s at most") == true)
        limiter.hold(until: time.date.addingTimeInterval(660))
        #expect(log.lines.map(\.level) == [.warning, .debug], "one warning per run, then debug lines")

        // A spent budget with a far reset: the same cap.
        let paced = RateLimiter(requestsPerMinute: 60_000, logger: log.logger(), clock: time.clock)
        _ = try? await paced.acquire()
        paced.observe(RateLimitHeaders(limit: 100, remaining: 0, reset: time.date.addingTimeInterval(3600)))
        #expect(paced.reserve() == .milliseconds(60_050))

        // A near reset is taken as it is, with no log line.
        let near = RateLimiter(requestsPerMinute: 60_000, logger: log.logger(), clock: time.clock)
        near.hold(until: time.date.addingTimeInterval(5), jitter: .zero)
        #expect(near.reserve() == .seconds(5))
        #expect(log.lines.count == 3)
    }
}
