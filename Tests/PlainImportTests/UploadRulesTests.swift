import Foundation
import Logging
import Testing

@testable import PlainImport

/// The uploader's pure rules: retry decisions by class, backoff ceilings and the AIMD controller
/// (SPEC §6, §7.9, §7.10). The rate limiter has its own suite.
@Suite struct UploadRulesTests {
    func failure(_ category: PlainFailure.Category, code: String = "x") -> PlainFailure {
        PlainFailure(category: category, code: code, message: "m")
    }

    @Test func eachClassGetsItsDecision() {
        let policy = RetryPolicy(maximumAttempts: 3)
        let half: (Double) -> Double = { $0 / 2 }
        #expect(policy.decide(after: failure(.validation), attempt: 1) == .fail)
        #expect(policy.decide(after: failure(.notFound), attempt: 1) == .fail)
        #expect(policy.decide(after: failure(.badRequest), attempt: 1) == .fail)
        #expect(policy.decide(after: failure(.unauthenticated), attempt: 1) == .stopRun(.authenticationRefused))
        #expect(policy.decide(after: failure(.forbidden), attempt: 1) == .stopRun(.authenticationRefused))
        #expect(
            policy.decide(after: failure(.proxyAuthenticationRequired), attempt: 1) == .stopRun(.authenticationRefused),
            "a proxy's 407 is a refused credential (exit 5)"
        )
        #expect(
            policy.decide(after: failure(.untrustedCertificate), attempt: 1) == .stopRun(.untrustedCertificate),
            "an untrusted certificate stops at once: retrying cannot help"
        )
        #expect(policy.decide(after: failure(.rateLimited), attempt: 9) == .waitForRateLimit, "429s do not use up attempts")
        for category in [PlainFailure.Category.internalError, .serverError, .transport, .malformedResponse] {
            #expect(policy.decide(after: failure(category), attempt: 1, random: half) == .retry(after: .milliseconds(250)))
            #expect(policy.decide(after: failure(category), attempt: 2, random: half) == .retry(after: .milliseconds(500)))
            #expect(policy.decide(after: failure(category), attempt: 3) == .giveUp)
        }
    }

    @Test func backoffDoublesUpToItsCap() {
        let policy = RetryPolicy()
        let ceiling: (Double) -> Double = { $0 }
        let ceilings = (1...10).map { policy.backoff(attempt: $0, random: ceiling).inSeconds }
        #expect(ceilings == [0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30])
        let zero: (Double) -> Double = { _ in 0 }
        #expect(policy.backoff(attempt: 4, random: zero) == .zero, "full jitter reaches down to zero")
    }

    @Test func concurrencyHalvesOnA429AndGrowsBackToTheCeiling() {
        var controller = ConcurrencyController(ceiling: 8)
        controller.observe(latency: .milliseconds(10), rateLimited: true)
        #expect(controller.limit == 4)
        controller.observe(latency: .milliseconds(10), rateLimited: true)
        controller.observe(latency: .milliseconds(10), rateLimited: true)
        controller.observe(latency: .milliseconds(10), rateLimited: true)
        #expect(controller.limit == 1, "never below one")
        for _ in 0..<200 { controller.observe(latency: .milliseconds(10), rateLimited: false) }
        #expect(controller.limit == 8, "never above --concurrency")
    }

    @Test func concurrencyShrinksWhenLatencyClimbs() {
        var controller = ConcurrencyController(ceiling: 16)
        for _ in 0..<20 { controller.observe(latency: .milliseconds(50), rateLimited: false) }
        #expect(controller.limit == 16)
        for _ in 0..<10 { controller.observe(latency: .seconds(2), rateLimited: false) }
        #expect(controller.limit < 16)
    }
}

/// `x-ratelimit-reset` is read and written without Foundation's formatters, to the millisecond.
@Test func rateLimitResetInstants() throws {
    let instant = try #require(RateLimitHeaders.parseInstant("2026-12-01T13:52:35.034Z"))
    #expect(instant.timeIntervalSince1970 == 1_796_133_155.034)
    #expect(RateLimitHeaders.format(instant) == "2026-12-01T13:52:35.034Z")
    #expect(RateLimitHeaders.parseInstant("2026-12-01T15:52:35+02:00")?.timeIntervalSince1970 == 1_796_133_155)
    #expect(RateLimitHeaders.parseInstant("2026-12-01T13:52:35") == nil, "an instant names its zone")
    #expect(RateLimitHeaders.parseInstant("soon") == nil)
    #expect(RateLimitHeaders(limit: "600", remaining: " 12 ", reset: "2026-12-01T13:52:35Z").reset?.timeIntervalSince1970 == 1_796_133_155)
}

/// Instants are written as Foundation's ISO 8601 formatter writes them (an independent reference).
@Test func instantsMatchFoundationsFormatter() {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    var generator = SeededGenerator()
    for _ in 0..<2_000 {
        let milliseconds = Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator)
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        #expect(RateLimitHeaders.format(date) == formatter.string(from: date), "\(milliseconds) (\(generator.replay))")
    }
}
