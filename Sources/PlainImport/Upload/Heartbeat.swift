import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Heartbeat pings for a monitor of cron runs (`--ping-url`, the healthchecks.io convention):
/// `GET URL/start` when a run begins, `GET URL/<exit code>` when it ends. Each ping has one
/// retry within 10 s in all, goes through the run's proxy and trusts its CA file, and carries
/// nothing but the request itself: no API key, no word of Plain's host.
public struct Heartbeat: Sendable {
    /// The longest a ping may take, its retry included.
    public static let budget: Duration = .seconds(10)

    /// The monitor's URL, without a trailing slash.
    public let url: String
    private let route: ProxyRoute
    private let trusted: TrustedCertificates

    /// Pings `url` (its path gains `/start` or `/<code>`), reached by `route`, trusting `trusted`.
    public init(url: String, route: ProxyRoute, trusted: TrustedCertificates) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.route = route
        self.trusted = trusted
    }

    /// Sends `GET url/suffix`; nil when the monitor answered 2xx, else what went wrong.
    public func ping(_ suffix: String) async -> String? {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = trusted.clientTLS
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(5))
        // A monitor nobody listens at fails at once (the ping's own retry is the one retry):
        // left to the pool, a refused connection is tried again until the budget is spent.
        configuration.connectionPool.retryConnectionEstablishment = false
        if case .proxy(let server) = route {
            let authorization = server.basicCredentials.map { HTTPClient.Authorization.basic(username: $0.username, password: $0.password) }
            configuration.proxy = .server(host: server.host, port: server.port, authorization: authorization)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let problem = await attempts(client)
        try? await client.shutdown()
        return problem.map { "the ping \(url)/\(suffix) failed: \($0)" }

        func attempts(_ client: HTTPClient) async -> String? {
            let deadline = ContinuousClock.now + Self.budget
            var problem = "no attempt"
            for _ in 0..<2 {
                let left = deadline - ContinuousClock.now
                guard left > .milliseconds(100) else { break }
                var request = HTTPClientRequest(url: "\(url)/\(suffix)")
                request.method = .GET
                request.headers.add(name: "User-Agent", value: "plain-import")
                do {
                    let response = try await client.execute(request, timeout: .nanoseconds(Int64(left.inSeconds * 1e9)))
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                    if (200...299).contains(Int(response.status.code)) { return nil }
                    problem = "answered HTTP \(response.status.code)"
                } catch {
                    problem = "\(error)"
                }
            }
            return problem
        }
    }
}
