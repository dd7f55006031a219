import Foundation
import PlainImport
import Testing

/// Runs end by themselves within their budgets whatever the server does (issue 18): a stalled
/// answer, 429 for ever, a redirect. Each against a loopback server, through the binary.
@Suite struct HostileServerTests {
    let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-hostile-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func events(_ count: Int) throws -> String {
        let path = directory.appendingPathComponent("events.ndjson").path
        let lines = (1...count).map {
            #"{"customerIdentifier":{"emailAddress":"u\#($0)@example.com"},"title":"Event \#($0)","components":[{"componentText":{"text":"t"}}]}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs the binary against `server`; a run that never ends is killed by the hang guard and
    /// its status then fails every check.
    func run(_ server: HostileServer, _ arguments: [String]) async throws -> BinaryRunner.Result {
        let cli = BinaryRunner(directory: directory, environment: ["PLAIN_API_KEY": "plain-test-key-0123456789", "PLAIN_API_URL": server.endpoint])
        return try await cli.run(arguments)
    }

    /// Headers and part of a body, then nothing: the request timeout ends each attempt and the
    /// give-up budget ends the run.
    @Test func aStalledAnswerEndsTheRunWithinItsBudgets() async throws {
        let server = try HostileServer(
            answer: .init(bytes: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"data\":", stall: true)
        )
        defer { server.stop() }
        let input = try events(5)
        let result = try await run(
            server,
            ["import", input, "--request-timeout", "1s", "--give-up-after", "4s", "--rate", "60000", "--drain-grace", "2s"]
        )
        #expect(result.status == 3, "ended by itself, stopped early, resumable: \(result.stderr)")
        #expect(result.stderr.contains("no complete answer in 1 s") || result.stderr.contains("not answered"), "\(result.stderr)")
    }

    /// 429 with a reset in 1970, for ever: backs off, and gives up after --give-up-after.
    @Test func endless429sEndTheRunAfterGiveUpAfter() async throws {
        let server = try HostileServer(
            answer: .init(bytes: "HTTP/1.1 429 Too Many Requests\r\nx-ratelimit-reset: 1\r\nContent-Length: 0\r\n\r\n")
        )
        defer { server.stop() }
        let input = try events(5)
        let result = try await run(server, ["import", input, "--give-up-after", "3s", "--rate", "60000", "--drain-grace", "2s"])
        #expect(result.status == 3, "ended by itself: \(result.stderr)")
        #expect(result.stderr.contains("nothing but 429"), "\(result.stderr)")
        #expect(server.requests < 200, "429 after 429 backs off (\(server.requests) requests)")
    }

    /// A redirect is a wrong endpoint: exit 2, naming the Location, nothing marked failed.
    @Test(arguments: [301, 302, 307, 308])
    func aRedirectIsAWrongEndpoint(status: Int) async throws {
        let server = try HostileServer(
            answer: .init(bytes: "HTTP/1.1 \(status) Moved\r\nLocation: https://elsewhere.example/graphql\r\nContent-Length: 0\r\n\r\n")
        )
        defer { server.stop() }
        let input = try events(5)
        let result = try await run(server, ["import", input, "--rate", "60000", "--json"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("https://elsewhere.example/graphql"), "\(result.stderr)")
        let summary = try JSONParser.parse(result.stdout).objectValue
        #expect(summary?["failed"] == .number("0"), "nothing marked failed: \(result.stdout)")
    }

    /// 404 from a typo in the endpoint's path: exit 2, nothing marked failed.
    @Test func aNotFoundEndpointIsAWrongEndpoint() async throws {
        let server = try HostileServer(answer: .init(bytes: "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"))
        defer { server.stop() }
        let input = try events(5)
        let result = try await run(server, ["import", input, "--rate", "60000", "--json"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("check --endpoint"), "\(result.stderr)")
        let summary = try JSONParser.parse(result.stdout).objectValue
        #expect(summary?["failed"] == .number("0"), "\(result.stdout)")
    }

    /// An answer over 4 MiB is no answer of Plain's: a wrong endpoint (exit 2) that says so,
    /// not "cannot reach Plain".
    @Test func anAnswerOver4MiBIsAWrongEndpoint() async throws {
        let body = "{\"data\":\"" + String(repeating: "x", count: 5 * 1024 * 1024) + "\"}"
        let server = try HostileServer(
            answer: .init(bytes: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        )
        defer { server.stop() }
        let input = try events(5)
        let result = try await run(server, ["import", input, "--rate", "60000", "--json"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("more than 4 MiB"), "\(result.stderr)")
        #expect(!result.stderr.contains("cannot reach"), "\(result.stderr)")
        let summary = try JSONParser.parse(result.stdout).objectValue
        #expect(summary?["failed"] == .number("0"), "\(result.stdout)")
    }

    /// A typo in the endpoint's path with an upsertCustomer: mapping (issue 20.2): exit 2 before
    /// anything is marked, no customer remembered as refused; check says the same, exit 2.
    @Test func aNotFoundEndpointRemembersNoCustomerAndCheckSaysSo() async throws {
        let server = try HostileServer(answer: .init(bytes: "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"))
        defer { server.stop() }
        let csv = directory.appendingPathComponent("orders.csv").path
        try Data("email,title\na@example.com,One\nb@example.com,Two\n".utf8).write(to: URL(fileURLWithPath: csv))
        let mapping = directory.appendingPathComponent("upsert.yaml").path
        try Data("customer: { email: \"{{email}}\" }\nupsertCustomer: { fullName: \"{{email}}\" }\ntitle: \"{{title}}\"\n".utf8)
            .write(to: URL(fileURLWithPath: mapping))
        let imported = try await run(server, ["import", csv, "--mapping", mapping, "--rate", "60000", "--json"])
        #expect(imported.status == 2, "\(imported.stderr)")
        let summary = try JSONParser.parse(imported.stdout).objectValue
        #expect(summary?["failed"] == .number("0"), "\(imported.stdout)")
        #expect(!imported.stderr.contains("upsertCustomer"), "no advice about the mapping: \(imported.stderr)")
        let failures = try await run(server, ["failures", "--json"])
        #expect(failures.stdout.isEmpty, "nothing marked: \(failures.stdout)")
        let check = try await run(server, ["check", csv, "--mapping", mapping])
        #expect(check.status == 2, "\(check.stderr)")
        #expect((check.stdout + check.stderr).contains("check --endpoint"), "\(check.stdout + check.stderr)")
    }
}
