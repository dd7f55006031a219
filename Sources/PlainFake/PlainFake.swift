import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import PlainImport
import ServiceLifecycle

/// A stand-in for Plain's GraphQL API on loopback, for tests, benchmarks and `demo`.
public struct PlainFake: Sendable {
    /// The URL to send GraphQL requests to.
    public let endpoint: String
    public let port: Int
    public let options: PlainFakeOptions
    /// What it accepted and counted.
    public let store: PlainFakeStore

    /// Starts the stand-in on `127.0.0.1:port` (0: a free port), runs `body`, then stops it.
    /// With `options.tls` it serves HTTPS; a certificate or key that cannot be read is thrown.
    public static func withRunning<T: Sendable>(
        options: PlainFakeOptions = PlainFakeOptions(),
        port: Int = 0,
        logger: Logger = Logger(label: "plain-fake"),
        _ body: @Sendable (PlainFake) async throws -> T
    ) async throws -> T {
        let store = PlainFakeStore()
        let responder = PlainFakeResponder(options: options, store: store)
        let router = Router(context: FakeRequestContext.self)
        router.post("/graphql/v1") { request, context in try await responder.respond(request, context: context) }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var quiet = logger
        quiet.logLevel = .error
        let server: HTTPServerBuilder
        if let tls = options.tls {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChainFile)
                let key = try NIOSSLPrivateKey(file: tls.privateKeyFile, format: .pem)
                server = try .tls(
                    .http1(),
                    tlsConfiguration: .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
                )
            } catch {
                throw ConfigurationError("the stand-in Plain cannot serve HTTPS with \(tls.certificateChainFile): \(error)")
            }
        } else {
            server = .http1()
        }
        let application = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "plain-fake"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: quiet
        )
        let services = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next(), bound > 0 else {
                await services.triggerGracefulShutdown()
                throw ConfigurationError("the stand-in Plain could not listen on port \(port)")
            }
            let base = options.tls.map { "https://\($0.hostname)" } ?? "http://127.0.0.1"
            let fake = PlainFake(endpoint: "\(base):\(bound)/graphql/v1", port: bound, options: options, store: store)
            do {
                let result = try await body(fake)
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                group.cancelAll()
                throw error
            }
        }
    }
}
