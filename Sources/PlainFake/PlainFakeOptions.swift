/// How the stand-in Plain behaves: who it knows, its rate limit, and the faults it injects.
public struct PlainFakeOptions: Sendable {
    /// The only API key accepted (`Authorization: Bearer <key>`).
    public var apiKey = "plain-fake-key"
    /// Customers that exist (emails, externalIds or ids); nil: every customer exists.
    public var knownCustomers: Set<String>?
    /// Threads that exist; nil: every thread exists.
    public var knownThreads: Set<String>?
    /// Threads known by the workspace's own id: externalId → Plain's thread id (they exist
    /// whatever `knownThreads` says).
    public var threadsByExternalId: [String: String] = [:]
    /// Customers (emails or externalIds) whose `upsertCustomer` is refused with a VALIDATION error.
    public var refusedCustomers: Set<String> = []
    /// The key's permissions (`myPermissions`), enforced with FORBIDDEN; nil: every permission.
    public var permissions: [String]?
    /// The workspace `myWorkspace` answers; nil: answers null.
    public var workspace: (id: String, name: String)? = ("w_standin", "Stand-in workspace")
    /// Refuse `myWorkspace` with FORBIDDEN while answering `myPermissions` (a partial answer).
    public var refuseWorkspace = false
    /// Requests allowed per window, and the window (fixed windows from the server's start).
    public var rateLimit = 1000
    public var rateWindow: Duration = .seconds(60)
    /// Probability of an HTTP 502 with an HTML body, as a gateway sends.
    public var serverErrorProbability = 0.0
    /// Probability of an `INTERNAL` mutation error.
    public var internalErrorProbability = 0.0
    /// Probability of a 429 although the budget is not spent.
    public var randomRateLimitProbability = 0.0
    /// Probability of storing the event and then dropping the connection without an answer.
    public var dropAfterStoreProbability = 0.0
    /// Probability of holding an answer for `stallDuration` (longer than a client's timeout);
    /// the event is still stored afterwards, as a slow server does.
    public var stallProbability = 0.0
    public var stallDuration: Duration = .seconds(2)
    /// Added to every answer.
    public var latency: Duration = .zero
    /// Answer every request with 403 FORBIDDEN (a key without permission).
    public var forbidAll = false
    /// Refuse every event with a VALIDATION error whose texts quote the request's
    /// `Authorization` header: a server that echoes what it was sent, key included.
    public var echoKeyInErrors = false
    /// Serve HTTPS with this certificate; nil: plain HTTP.
    public var tls: PlainFakeTLS?

    /// The defaults: every customer and thread exists, 1,000 requests per minute, no faults, every permission.
    public init() {}

    /// Options whose rate window never fills: for runs where pacing is not what is measured.
    public static var unthrottled: PlainFakeOptions {
        var options = PlainFakeOptions()
        options.rateLimit = 100_000_000
        return options
    }
}
