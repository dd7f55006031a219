import Foundation
import Testing

@testable import PlainImport

/// `x-ratelimit-*` headers read, and their instants written, without Foundation's formatters.
@Suite struct RateLimitHeadersTests {
    /// `x-ratelimit-reset` is read and written without Foundation's formatters, to the millisecond.
    @Test func resetInstants() throws {
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
}
