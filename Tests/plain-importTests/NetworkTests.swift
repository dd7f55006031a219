import Foundation
import PlainFake
import PlainImport
import Testing

/// Real networks through the real binary (SPEC §12.17): the stand-in Plain over HTTPS with a
/// certificate from a test CA made at test time, a CONNECT proxy on loopback, `NO_PROXY`, a 407.
@Suite(.serialized, .enabled(if: TestCertificates.openssl != nil, TestCertificates.unavailable))
struct NetworkTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-network-\(UUID().uuidString)")
    let certificates: TestCertificates
    let input: URL
    /// Percent-encoded in the proxy URL; the proxy must receive it decoded.
    static let proxyPassword = "s3cr%40t-pw"
    static let decodedPassword = "s3cr@t-pw"

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificates = try TestCertificates(in: directory)
        input = directory.appendingPathComponent("events.ndjson")
        let lines = (1...5).map { #"{"customerIdentifier":{"emailAddress":"c\#($0)@example.com"},"title":"Order \#($0)","components":[]}"# }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
    }

    var tlsOptions: PlainFakeOptions {
        var options = PlainFakeOptions.unthrottled
        options.tls = PlainFakeTLS(certificateChainFile: certificates.serverChain, privateKeyFile: certificates.serverKey)
        return options
    }

    func journal(_ name: String) -> String { directory.appendingPathComponent("\(name).db").path }

    @Test func importsOverTLSTrustingTheTestCAWithCAFile() async throws {
        try await PlainFake.withRunning(options: tlsOptions) { fake in
            #expect(fake.endpoint.hasPrefix("https://localhost:"))
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["import", input.path, "--journal", journal("ca-file"), "--ca-file", certificates.caFile, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(await fake.store.events.count == 5)

            let verify = try await cli.run(["verify", "--journal", journal("ca-file"), "--ca-file", certificates.caFile])
            #expect(verify.status == 0, "verify takes --ca-file too: \(verify.stderr)")
            let untrusted = try await cli.run(["verify", "--journal", journal("ca-file")])
            #expect(untrusted.status == 2, "\(untrusted.stderr)")
            #expect(untrusted.stderr.contains("--ca-file"), "\(untrusted.stderr)")
        }
    }

    @Test func anUntrustedCertificateStopsAtOnceWithExit2() async throws {
        try await PlainFake.withRunning(options: tlsOptions) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["import", input.path, "--journal", journal("untrusted")])
            // Retried, it would end after the give-up budget with exit 3, saying it retries.
            #expect(result.status == 2, "stopped at once, not after the retry budget: \(result.stderr)")
            #expect(!result.stderr.contains("retrying, and giving up"), "never retried: \(result.stderr)")
            #expect(result.stderr.contains("localhost"), "names the host: \(result.stderr)")
            #expect(result.stderr.contains("not trusted"), "\(result.stderr)")
            #expect(result.stderr.contains("--ca-file"), "says what to do: \(result.stderr)")
            #expect(await fake.store.events.isEmpty, "nothing sent")
            #expect(await fake.store.requests == 0, "no request got through")
            let status = try await cli.run(["status", "--journal", journal("untrusted"), "--json"])
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            #expect(total?["failed"] == .number("0"), "nothing marked failed: \(status.stdout)")
        }
    }

    @Test func aCertificateForAnotherHostStopsWithExit2() async throws {
        var options = PlainFakeOptions.unthrottled
        options.tls = PlainFakeTLS(certificateChainFile: certificates.otherHostChain, privateKeyFile: certificates.otherHostKey)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["import", input.path, "--journal", journal("mismatch"), "--ca-file", certificates.caFile])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("localhost"), "\(result.stderr)")
            #expect(result.stderr.contains("does not match the host"), "\(result.stderr)")
            #expect(await fake.store.events.isEmpty)
        }
    }

    @Test func throughAProxyWithCredentialsThePasswordIsNeverShown() async throws {
        let proxy = try ConnectProxy()
        defer { proxy.stop() }
        try await PlainFake.withRunning(options: tlsOptions) { fake in
            var cli = BinaryRunner(directory: directory, against: fake)
            cli.environment["HTTPS_PROXY"] = proxy.url(user: "importer", password: Self.proxyPassword)
            let result = try await cli.run([
                "import", input.path, "--journal", journal("proxy"), "--ca-file", certificates.caFile, "--verbose", "--json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(await fake.store.events.count == 5)
            let connects = proxy.seen.filter { $0.hasPrefix("CONNECT localhost:\(fake.port) HTTP/1.1") }
            #expect(!connects.isEmpty, "the proxy saw CONNECT: \(proxy.seen)")
            let expected = "Basic " + Data("importer:\(Self.decodedPassword)".utf8).base64EncodedString()
            #expect(
                connects.allSatisfy { $0.lowercased().contains("proxy-authorization: \(expected.lowercased())") },
                "Basic credentials, percent-decoded: \(connects)"
            )
            for text in [result.stdout, result.stderr] {
                #expect(!text.contains("s3cr"), "the proxy password never appears: \(text)")
            }
            #expect(result.stderr.contains("http://importer:***@127.0.0.1:\(proxy.port)"), "the route is shown safely: \(result.stderr)")

            let check = try await cli.run(["check", "--journal", journal("proxy"), "--ca-file", certificates.caFile, "--json"])
            #expect(check.status == 0, "\(check.stderr)")
            let report = try JSONParser.parse(check.stdout).objectValue
            #expect(report?["route"] == .string("http://importer:***@127.0.0.1:\(proxy.port)"))
            #expect(report?["tls"] == "verified")
            #expect(!check.stdout.contains("s3cr") && !check.stderr.contains("s3cr"))
            let journalBytes = try Data(contentsOf: URL(fileURLWithPath: journal("proxy")))
            #expect(journalBytes.range(of: Data("s3cr".utf8)) == nil, "nor in the journal")
        }
    }

    @Test func noProxyBypassesTheProxy() async throws {
        let proxy = try ConnectProxy()
        defer { proxy.stop() }
        try await PlainFake.withRunning(options: tlsOptions) { fake in
            var cli = BinaryRunner(directory: directory, against: fake)
            cli.environment["https_proxy"] = proxy.url()
            cli.environment["no_proxy"] = "example.com, .localhost,localhost"
            let result = try await cli.run(["import", input.path, "--journal", journal("no-proxy"), "--ca-file", certificates.caFile])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(await fake.store.events.count == 5)
            #expect(proxy.seen.isEmpty, "NO_PROXY went direct: \(proxy.seen)")

            let check = try await cli.run(["check", "--journal", journal("no-proxy"), "--ca-file", certificates.caFile])
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout.contains("route: direct; tls: verified"), "\(check.stdout)")
        }
    }

    @Test func aProxyAnswering407IsExit5() async throws {
        let proxy = try ConnectProxy(refuseWith407: true)
        defer { proxy.stop() }
        try await PlainFake.withRunning(options: tlsOptions) { fake in
            var cli = BinaryRunner(directory: directory, against: fake)
            cli.environment["HTTPS_PROXY"] = proxy.url(user: "importer", password: Self.proxyPassword)
            let result = try await cli.run(["import", input.path, "--journal", journal("407"), "--ca-file", certificates.caFile])
            #expect(result.status == 5, "stopped at once, not after the retry budget (exit 3): \(result.stderr)")
            #expect(proxy.seen.count <= 8, "at most one CONNECT per request in flight, none retried: \(proxy.seen.count)")
            #expect(result.stderr.contains("407"), "\(result.stderr)")
            #expect(!result.stderr.contains("s3cr"), "\(result.stderr)")
            #expect(await fake.store.events.isEmpty)
            #expect(!proxy.seen.isEmpty)

            let check = try await cli.run(["check", "--ca-file", certificates.caFile])
            #expect(check.status == 5, "\(check.stderr)")
            #expect(check.stdout.contains("proxy: the proxy http://importer:***@127.0.0.1:\(proxy.port) answered 407"), "\(check.stdout)")
            #expect(!check.stderr.contains("s3cr") && !check.stdout.contains("s3cr"))
        }
    }

    @Test func aPlainHTTPEndpointGoesThroughHTTPProxyAndIts407IsExit5() async throws {
        let proxy = try ConnectProxy(refuseWith407: true)
        defer { proxy.stop() }
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            var cli = BinaryRunner(directory: directory, against: fake)
            cli.environment["http_proxy"] = proxy.url(user: "importer", password: Self.proxyPassword)
            let result = try await cli.run(["import", input.path, "--journal", journal("http-407")])
            #expect(result.status == 5, "\(result.stderr)")
            // AsyncHTTPClient tunnels plain http through CONNECT too.
            #expect(proxy.seen.first?.hasPrefix("CONNECT 127.0.0.1:\(fake.port) HTTP/1.1") == true, "\(proxy.seen)")
            #expect(await fake.store.requests == 0)
            #expect(result.stderr.contains("407") && !result.stderr.contains("s3cr"), "\(result.stderr)")
        }
    }

    @Test func aProxyThatCannotOpenTheTunnelIsRetriedAsTransient() async throws {
        // Nothing listens at localhost:9, so the proxy answers CONNECT with 502 each time.
        let proxy = try ConnectProxy()
        defer { proxy.stop() }
        let cli = BinaryRunner(
            directory: directory,
            environment: ["PLAIN_API_KEY": "k", "PLAIN_API_URL": "https://localhost:9/graphql/v1", "HTTPS_PROXY": proxy.url()]
        )
        let result = try await cli.run(["import", input.path, "--journal", journal("tunnel"), "--give-up-after", "2s", "--max-attempts", "50"])
        #expect(result.status == 3, "resumable, like an outage: \(result.stderr)")
        #expect(proxy.seen.count > 1, "retried: \(proxy.seen.count) CONNECTs")
        #expect(result.stderr.contains("the proxy http://127.0.0.1:\(proxy.port) did not open a tunnel"), "\(result.stderr)")
    }

    @Test func theDemoStaysOnLoopbackWhateverTheMachinesProxy() async throws {
        let cli = BinaryRunner(directory: directory, environment: ["http_proxy": "http://127.0.0.1:1", "HTTPS_PROXY": "http://127.0.0.1:1"])
        let result = try await cli.run(["demo", "--json", "--rate", "60000", "--journal", journal("demo")])
        #expect(result.status == 0, "\(result.stderr)")
        // The killed child import reached the stand-in directly: the resume had less than everything to create.
        let resume = try JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue?["runs"]?.arrayValue?.first
        guard case .number(let text)? = resume?.objectValue?["created"], let created = Int(text) else {
            Issue.record("no created count: \(result.stdout)")
            return
        }
        #expect(created < 300, "the child import sent nothing: \(result.stdout)")
    }

    @Test func checkTrustsSSLCertFileAndSaysTheRoute() async throws {
        try await PlainFake.withRunning(options: tlsOptions) { fake in
            var cli = BinaryRunner(directory: directory, against: fake)
            cli.environment["SSL_CERT_FILE"] = certificates.caFile
            let check = try await cli.run(["check", "--journal", journal("ssl-cert-file"), "--json"])
            #expect(check.status == 0, "\(check.stderr)")
            let report = try JSONParser.parse(check.stdout).objectValue
            #expect(report?["route"] == "direct")
            #expect(report?["tls"] == "verified")

            cli.environment["SSL_CERT_FILE"] = nil
            let untrusted = try await cli.run(["check", "--journal", journal("ssl-cert-file")])
            #expect(untrusted.status == 2, "\(untrusted.stderr)")
            #expect(untrusted.stderr.contains("--ca-file"), "\(untrusted.stderr)")
        }
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let check = try await cli.run(["check", "--journal", journal("plain-http"), "--json"])
            #expect(check.status == 0, "\(check.stderr)")
            #expect(try JSONParser.parse(check.stdout).objectValue?["tls"] == "not used (http)")
        }
    }

    @Test func aCAFileThatCannotBeReadIsExit2() async throws {
        try await PlainFake.withRunning(options: tlsOptions) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let missing = try await cli.run(["import", input.path, "--journal", journal("bad-ca"), "--ca-file", "/nonexistent/ca.pem"])
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("/nonexistent/ca.pem"), "\(missing.stderr)")
            let notPEM = try await cli.run(["import", input.path, "--journal", journal("bad-ca"), "--ca-file", input.path])
            #expect(notPEM.status == 2)
            #expect(notPEM.stderr.contains("PEM"), "\(notPEM.stderr)")
            #expect(await fake.store.requests == 0)
        }
    }
}
