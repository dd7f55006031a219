import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends operations to Plain's GraphQL API over AsyncHTTPClient. It never throws for what Plain
/// or the network does: every outcome is a `PlainResponse`.
public final class PlainClient: Sendable {
    private let http: HTTPClient
    private let endpoint: PlainEndpoint
    private let apiKey: APIKey
    private let timeout: Duration
    private let logger: Logger

    /// A client for `endpoint` keeping up to `maximumConnections` connections open.
    public init(endpoint: PlainEndpoint, apiKey: APIKey, timeout: Duration = .seconds(30), maximumConnections: Int, logger: Logger) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maximumConnections)
        )
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10))
        configuration.httpVersion = .http1Only
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.timeout = timeout
        self.logger = logger
    }

    /// The endpoint, for messages (it holds no secret).
    public var endpointDescription: String { endpoint.url }

    /// Closes connections; call once when done.
    public func shutdown() async {
        do { try await http.shutdown() } catch { logger.debug("HTTP client shutdown: \(error)") }
    }

    /// Sends one create mutation and returns Plain's answer.
    public func send(_ event: EventInput) async -> PlainResponse {
        let reply = await execute(GraphQLDocuments.create(event))
        let operation = GraphQLDocuments.operation(for: event.kind)
        switch reply.result {
        case .success(let value):
            let id = value.objectValue?[operation.eventField]?.objectValue?["id"]?.stringValue ?? ""
            return PlainResponse(answer: .created(id: id), rateLimit: reply.rateLimit, requestId: reply.requestId)
        case .failure(let failure):
            return PlainResponse(answer: .failed(failure), rateLimit: reply.rateLimit, requestId: reply.requestId)
        }
    }

    /// Sends `operation` once and returns Plain's answer; never throws for what Plain or the
    /// network does.
    public func execute(_ operation: GraphQLOperation) async -> PlainReply {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: apiKey.authorization)
        request.headers.add(name: "User-Agent", value: "plain-import")
        request.body = .bytes(ByteBuffer(bytes: JSONWriter.bytes(operation.body)))
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.inSeconds * 1e9)))
            let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
            let requestId = response.headers.first(name: "apigw-requestid")
            let rateLimit = RateLimitHeaders(
                limit: response.headers.first(name: "x-ratelimit-limit"),
                remaining: response.headers.first(name: "x-ratelimit-remaining"),
                reset: response.headers.first(name: "x-ratelimit-reset")
            )
            let result = PlainResponseDecoder.result(
                of: operation,
                status: Int(response.status.code),
                body: Array(buffer: body),
                requestId: requestId,
                redacting: apiKey
            )
            return PlainReply(result: result, rateLimit: rateLimit, requestId: requestId)
        } catch {
            return PlainReply(result: .failure(Self.transportFailure(error).redacting(apiKey)))
        }
    }

    static func transportFailure(_ error: any Error) -> PlainFailure {
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return PlainFailure(category: .transport, code: "timeout", message: "no answer in time (\(httpError))")
            case .remoteConnectionClosed:
                return PlainFailure(category: .transport, code: "connection_closed", message: "the connection closed before the answer")
            default:
                return PlainFailure(category: .transport, code: "http_client", message: "\(httpError)")
            }
        }
        if error is CancellationError {
            return PlainFailure(category: .transport, code: "cancelled", message: "the request was cancelled")
        }
        return PlainFailure(category: .transport, code: "connection", message: connectionCause(of: "\(error)"))
    }

    /// One clear cause for a connection error's description (NIO's are nested and unbalanced).
    static func connectionCause(of description: String) -> String {
        let text = description.lowercased()
        if text.contains("connection refused") { return "connection refused (nothing listens at that host and port)" }
        if text.contains("no address") || text.contains("name or service not known") || text.contains("nodename nor servname")
            || text.contains("dns") || text.contains("resolve")
        {
            return "the host name does not resolve"
        }
        if text.contains("network is unreachable") || text.contains("no route to host") { return "the network cannot reach the host" }
        if text.contains("connection reset") { return "the connection was reset" }
        if text.contains("timed out") || text.contains("timeout") { return "no answer in time" }
        if text.contains("certificate") || text.contains("ssl") || text.contains("tls") { return "TLS failed: \(description)" }
        return description
    }
}
