/// What Plain answered to one operation, with what its headers say about the rate budget.
public struct PlainReply: Sendable {
    /// The value at the operation's result field (`null` for "none"), or why there is none.
    public let result: Result<JSONValue, PlainFailure>
    public let rateLimit: RateLimitHeaders
    public let requestId: String?

    /// A reply; see the properties.
    public init(result: Result<JSONValue, PlainFailure>, rateLimit: RateLimitHeaders = RateLimitHeaders(), requestId: String? = nil) {
        self.result = result
        self.rateLimit = rateLimit
        self.requestId = requestId
    }
}
