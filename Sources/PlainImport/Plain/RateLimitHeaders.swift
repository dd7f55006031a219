import Foundation

/// Plain's `x-ratelimit-*` headers. `reset` is an instant (ISO 8601 in the header).
public struct RateLimitHeaders: Sendable, Hashable {
    public var limit: Int?
    public var remaining: Int?
    public var reset: Date?
    /// `x-ratelimit-reset` as Plain sent it.
    public var resetText: String?

    /// Headers with these values (nil: not sent).
    public init(limit: Int? = nil, remaining: Int? = nil, reset: Date? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }

    /// Reads the headers; a missing or unreadable one stays nil.
    public init(limit: String?, remaining: String?, reset: String?) {
        self.limit = limit.flatMap { Int($0.trimmingSpaces()) }
        self.remaining = remaining.flatMap { Int($0.trimmingSpaces()) }
        self.reset = reset.flatMap { Self.parseInstant($0.trimmingSpaces()) }
        self.resetText = reset
    }

    static func parseInstant(_ text: String) -> Date? { TimestampParser.instant(text) }

    /// `date` as Plain writes `x-ratelimit-reset`: ISO 8601 UTC with milliseconds.
    public static func format(_ date: Date) -> String { TimestampParser.iso8601(date) }
}
