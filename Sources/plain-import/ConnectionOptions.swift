import ArgumentParser
import Foundation
import PlainImport

/// How a command reaches Plain: endpoint, key and pace (`import`, `check`, `verify`).
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Plain's GraphQL endpoint (or PLAIN_API_URL). http:// only to loopback.")
    var endpoint: String?

    @Option(name: .customLong("api-key-file"), help: "Read the API key from this file (else PLAIN_API_KEY).")
    var apiKeyFile: String?

    @Option(help: "Requests per minute, shared by all requests in flight.")
    var rate: Int = ImportConfiguration.defaults.rate

    @Option(
        name: .customLong("ca-file"),
        help: "Also trust the PEM certificates in this file (a company's or a TLS-inspecting proxy's CA; else SSL_CERT_FILE)."
    )
    var caFile: String?

    func validate() throws {
        guard rate > 0 else { throw ValidationError("--rate must be at least 1") }
    }

    /// Fills `configuration`'s endpoint, key, rate, proxy and trusted certificates; a key that
    /// cannot be read, or a proxy variable that cannot be used, is a usage error (exit 2).
    func apply(to configuration: inout ImportConfiguration) throws(ExitCode) {
        let environment = ProcessInfo.processInfo.environment
        configuration.endpoint = endpoint ?? environment["PLAIN_API_URL"] ?? ImportConfiguration.defaults.endpoint
        do {
            configuration.apiKey = try APIKey.resolve(file: apiKeyFile, environment: environment)
            configuration.proxy = try ProxySettings(environment: environment)
        } catch {
            Console.error("plain-import: \(Advice.describe(error))")
            throw ExitStatus.usageOrInput.exitCode
        }
        configuration.rate = rate
        configuration.caFile = caFile ?? environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
