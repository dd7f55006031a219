/// Everything one import run needs to know (SPEC §3 options).
public struct ImportConfiguration: Sendable {
    /// Files, directories or `-`.
    public var inputs: [String]
    public var mappingPath: String?
    public var format: InputFormat?
    /// The inputs' encoding (`--encoding`); nil: UTF-8 unless a UTF-16 BOM says otherwise.
    public var encoding: TextEncoding?
    public var journalPath: String = "plain-import.db"
    public var endpoint: String = PlainEndpoint.production
    public var apiKey: APIKey?
    /// Requests per minute.
    public var rate: Int = 400
    /// Most requests in flight.
    public var concurrency: Int = 8
    /// The largest `concurrency` a run takes.
    public static let maximumConcurrency = 256
    public var maxDuration: Duration?
    public var retryFailed = false
    /// Send again the records the last `verify` found missing (SPEC §10).
    public var retryMissing = false
    /// Read the journal's invalid records again and map them with the current mapping (SPEC §11).
    public var retryInvalid = false
    /// Most events sent in this run (`--limit`, SPEC §11); nil: no limit.
    public var limit: Int?
    public var force = false
    public var maxAttempts = 8
    /// Plain counts as unavailable after this long without a successful answer (SPEC §7.9).
    public var giveUpAfter: Duration = .seconds(300)
    public var requestTimeout: Duration = .seconds(30)
    /// The first backoff ceiling of a transient failure; it doubles per attempt up to `retryMaximumDelay`.
    public var retryBaseDelay: Duration = .milliseconds(500)
    /// The largest backoff ceiling.
    public var retryMaximumDelay: Duration = .seconds(30)
    /// The proxies of the environment (`HTTPS_PROXY`, `NO_PROXY`, ...); empty: direct.
    public var proxy = ProxySettings()
    /// A PEM file of certificates to trust besides the system's (`--ca-file`, `SSL_CERT_FILE`).
    public var caFile: String?
    /// How long a stopping run waits for requests in flight.
    public var drainGrace: Duration = .seconds(10)

    /// A configuration for `inputs` (files, directories or `-`) with every other setting at its default.
    public init(inputs: [String]) { self.inputs = inputs }

    /// Every setting at its default: the one statement of the defaults, which the command line
    /// shows and uses.
    public static let defaults = ImportConfiguration(inputs: [])
}
