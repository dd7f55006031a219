import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends operations to Plain's GraphQL API over AsyncHTTPClient. It never throws for what Plain
/// or the network does: every outcome is a `PlainReply`.
public final class PlainClient: Sendable {
    private let http: HTTPClient
    private let endpoint: PlainEndpoint
    private let apiKey: APIKey
    private let timeout: Duration
    private let logger: Logger
    /// How requests reach Plain: directly or through an HTTP proxy (shown without its password).
    public let route: ProxyRoute
    /// Certificates trusted besides the system's store.
    public let trusted: TrustedCertificates

    /// A client for `endpoint` keeping up to `maximumConnections` connections open, reaching it
    /// by `route` and trusting `trusted` besides the system's trust store.
    public init(
        endpoint: PlainEndpoint,
        apiKey: APIKey,
        timeout: Duration = .seconds(30),
        maximumConnections: Int,
        route: ProxyRoute = .direct,
        trusted: TrustedCertificates = TrustedCertificates(),
        logger: Logger
    ) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maximumConnections)
        )
        // A failed connection fails its requests at once, so that our retry rules judge it
        // (an untrusted certificate stops the run; refused or dropped connections back off).
        configuration.connectionPool.retryConnectionEstablishment = false
        // A connection that goes quiet for the request timeout fails its request, answer head or
        // body (AsyncHTTPClient's deadline covers the head only); `execute` bounds the whole answer too.
        configuration.timeout = HTTPClient.Configuration.Timeout(
            connect: .seconds(10),
            read: .nanoseconds(Int64(timeout.inSeconds * 1e9))
        )
        // A redirect is never followed: event bodies and the key go to Plain's endpoint only.
        configuration.redirectConfiguration = .disallow
        configuration.httpVersion = .http1Only
        configuration.tlsConfiguration = trusted.clientTLS
        if case .proxy(let server) = route {
            let authorization = server.basicCredentials.map { HTTPClient.Authorization.basic(username: $0.username, password: $0.password) }
            configuration.proxy = .server(host: server.host, port: server.port, authorization: authorization)
        }
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.timeout = timeout
        self.logger = logger
        self.route = route
        self.trusted = trusted
    }

    /// The endpoint, for messages (it holds no secret).
    public var endpointDescription: String { endpoint.url }

    /// Whether requests travel over TLS (an https endpoint).
    public var usesTLS: Bool { endpoint.url.lowercased().hasPrefix("https:") }

    /// Closes connections; call once when done.
    public func shutdown() async {
        do { try await http.shutdown() } catch { logger.debug("HTTP client shutdown: \(error)") }
    }

    /// Sends `operation` once and returns Plain's answer; never throws for what Plain or the
    /// network does. The whole exchange, answer body included, takes at most the request
    /// timeout: a server that stalls mid-answer is a timeout, not a hang.
    public func execute(_ operation: GraphQLOperation) async -> PlainReply {
        let timeout = self.timeout
        return await withTaskGroup(of: PlainReply?.self) { group in
            group.addTask { await self.exchange(operation) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            if let first = await group.next(), let reply = first { return reply }
            return PlainReply(
                result: .failure(
                    PlainFailure(
                        category: .transport,
                        code: "timeout",
                        message: "no complete answer in \(DurationText.describe(seconds: timeout.inSeconds))",
                        remedy: .requestTimeout
                    )
                )
            )
        }
    }

    /// The largest answer read; a larger one is not Plain's.
    static let largestAnswer = 4 * 1024 * 1024

    private func exchange(_ operation: GraphQLOperation) async -> PlainReply {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: apiKey.authorization)
        request.headers.add(name: "User-Agent", value: "plain-import")
        request.body = .bytes(ByteBuffer(bytes: operation.bodyBytes))
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.inSeconds * 1e9)))
            if response.status == .proxyAuthenticationRequired {
                // AsyncHTTPClient tunnels through CONNECT (whose 407 fails the request); a proxy that
                // answers a forwarded request with 407 itself means the same.
                _ = try await response.body.collect(upTo: 1024 * 1024)
                return PlainReply(
                    result: .failure(Self.transportFailure(HTTPClientError.proxyAuthenticationRequired, host: endpoint.host, route: route))
                )
            }
            if (300...399).contains(Int(response.status.code)) {
                let location = response.headers.first(name: "location") ?? "nowhere"
                return PlainReply(
                    result: .failure(
                        PlainFailure(
                            category: .wrongEndpoint,
                            code: "http_\(response.status.code)",
                            message: "\(endpoint.url) answered HTTP \(response.status.code), a redirect to \(location); redirects are never "
                                + "followed (event bodies and the key go to the endpoint given only)",
                            httpStatus: Int(response.status.code),
                            remedy: .checkEndpoint
                        )
                    )
                )
            }
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: Self.largestAnswer)
            } catch is NIOTooManyBytesError {
                return PlainReply(
                    result: .failure(
                        PlainFailure(
                            category: .wrongEndpoint,
                            code: "answer_too_large",
                            message: "\(endpoint.url) answered HTTP \(response.status.code) with more than "
                                + "\(Self.largestAnswer / 1024 / 1024) MiB, which Plain's API never sends for these requests",
                            httpStatus: Int(response.status.code),
                            requestId: response.headers.first(name: "apigw-requestid"),
                            remedy: .checkEndpoint
                        )
                    )
                )
            }
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
            return PlainReply(result: .failure(Self.transportFailure(error, host: endpoint.host, route: route).redacting(apiKey)))
        }
    }

    /// What a request that got no answer from Plain means (SPEC §6, §12.17): `host` is Plain's
    /// host (the certificate's name), `route` how it was reached.
    static func transportFailure(_ error: any Error, host: String, route: ProxyRoute = .direct) -> PlainFailure {
        if let problem = certificateProblem(error) {
            return PlainFailure(
                category: .untrustedCertificate,
                code: "tls_certificate",
                message: "the TLS certificate of \(host) \(problem.reason); retrying cannot help",
                remedy: problem.mismatch ? .checkCertificateHost : .trustCertificateAuthority
            )
        }
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .proxyAuthenticationRequired:
                return PlainFailure(
                    category: .proxyAuthenticationRequired,
                    code: "proxy_authentication",
                    message: "the proxy \(route) answered 407: it refused "
                        + (route.hasCredentials ? "the user and password of the proxy URL" : "to work without a user and password")
                )
            case .invalidProxyResponse, .httpProxyHandshakeTimeout:
                return PlainFailure(category: .transport, code: "proxy", message: "the proxy \(route) did not open a tunnel (\(httpError))")
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

    /// Why a TLS handshake refused the server's certificate, when that is what `error` is:
    /// not trusted (no path to a trusted root, expired, self-signed) or not for this host.
    static func certificateProblem(_ error: any Error) -> (reason: String, mismatch: Bool)? {
        let mismatch = (reason: "does not match the host (it is for another name)", mismatch: true)
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname { return mismatch }
        guard let ssl = error as? NIOSSLError, case .handshakeFailed(let stack) = ssl else { return nil }
        let text = "\(stack)".uppercased()
        if text.contains("HOSTNAME") || text.contains("HOST_MISMATCH") { return mismatch }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return ("is not trusted: no CA this machine trusts signed it, or it expired (CERTIFICATE_VERIFY_FAILED)", false)
        }
        return nil
    }
}
