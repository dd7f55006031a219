import Foundation

/// What Plain answered for one event, with what its headers say about the rate budget.
public struct PlainResponse: Sendable {
    /// The answer for the event.
    public enum Answer: Sendable {
        /// Created now, with Plain's event id.
        case created(id: String)
        /// Not created now: the answer names why.
        case failed(PlainFailure)
    }

    public let answer: Answer
    public let rateLimit: RateLimitHeaders
    public let requestId: String?

    /// A response; see the properties.
    public init(answer: Answer, rateLimit: RateLimitHeaders = RateLimitHeaders(), requestId: String? = nil) {
        self.answer = answer
        self.rateLimit = rateLimit
        self.requestId = requestId
    }
}
