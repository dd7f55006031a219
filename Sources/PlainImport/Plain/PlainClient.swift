import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends events to Plain's GraphQL API over AsyncHTTPClient. It never throws for what Plain
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

    /// Closes connections; call once when done.
    public func shutdown() async {
        do { try await http.shutdown() } catch { logger.debug("HTTP client shutdown: \(error)") }
    }

    /// Sends one create mutation and returns Plain's answer.
    public func send(_ event: EventInput) async -> PlainResponse {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: apiKey.authorization)
        request.headers.add(name: "User-Agent", value: "plain-import")
        request.body = .bytes(ByteBuffer(bytes: JSONWriter.bytes(GraphQLDocuments.body(for: event))))
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.inSeconds * 1e9)))
            let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
            let requestId = response.headers.first(name: "apigw-requestid")
            let rateLimit = RateLimitHeaders(
                limit: response.headers.first(name: "x-ratelimit-limit"),
                remaining: response.headers.first(name: "x-ratelimit-remaining"),
                reset: response.headers.first(name: "x-ratelimit-reset")
            )
            let answer = PlainResponseDecoder.answer(
                kind: event.kind,
                status: Int(response.status.code),
                body: Array(buffer: body),
                requestId: requestId,
                redacting: apiKey
            )
            return PlainResponse(answer: answer, rateLimit: rateLimit, requestId: requestId)
        } catch {
            return PlainResponse(answer: .failed(Self.transportFailure(error).redacting(apiKey)))
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
        return PlainFailure(category: .transport, code: "connection", message: "\(error)")
    }
}
