import Foundation
import PlainFake
import PlainImport
import Testing

/// `import --ping-url` through the binary, against a loopback monitor: `/start` then the exit
/// code, nothing secret in the pings, and a monitor that fails never changes the exit code.
@Suite struct HeartbeatTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-ping-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func input() throws -> String {
        let path = directory.appendingPathComponent("events.ndjson").path
        try Data((#"{"threadId":"th_1","title":"e","components":[]}"# + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aRunPingsStartThenItsExitCode() async throws {
        let monitor = try HostileServer(answer: .init(bytes: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"))
        defer { monitor.stop() }
        let url = "http://127.0.0.1:\(monitor.port)/ping/0a1b2c"
        let input = try input()
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(["import", input, "--rate", "600000", "--ping-url", url])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = monitor.heads.map { $0.split(separator: "\r\n").first.map(String.init) ?? "" }
            #expect(lines == ["GET /ping/0a1b2c/start HTTP/1.1", "GET /ping/0a1b2c/0 HTTP/1.1"], "\(monitor.heads)")
            for head in monitor.heads {
                #expect(!head.lowercased().contains("authorization"), "no key: \(head)")
                #expect(!head.contains(fake.options.apiKey))
            }
            // An exit 1 run pings 1.
            try Data("not json\n".utf8).append(to: input)
            let invalid = try await BinaryRunner(directory: directory, against: fake).run(["import", input, "--rate", "600000", "--ping-url", url])
            #expect(invalid.status == 1)
            #expect(monitor.heads.last?.hasPrefix("GET /ping/0a1b2c/1 ") == true, "\(monitor.heads)")
        }
    }

    @Test func aFailingMonitorIsAWarningAndNeverTheExitCode() async throws {
        let monitor = try HostileServer(answer: .init(bytes: "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"))
        defer { monitor.stop() }
        let input = try input()
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(
                ["import", input, "--rate", "600000", "--ping-url", "http://127.0.0.1:\(monitor.port)/ping"]
            )
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("the ping http://127.0.0.1:\(monitor.port)/ping/start failed: answered HTTP 500"), "\(result.stderr)")
            #expect(monitor.requests == 4, "one retry for each ping")
        }
    }

    /// A monitor that is not there (nothing listens): each ping fails fast, the run is unchanged
    /// but for one warning per ping, and it never waits long on it.
    @Test func aDeadMonitorChangesNothingButAWarning() async throws {
        let input = try input()
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(
                ["import", input, "--rate", "600000", "--ping-url", "http://127.0.0.1:9/ping", "--journal", "dead-monitor.db"]
            )
            #expect(result.status == 0, "\(result.stderr)")
            let warnings = result.stderr.split(separator: "\n").filter { $0.contains("the ping http://127.0.0.1:9/ping/") }
            #expect(warnings.count == 2, "start and end: \(result.stderr)")
            // A refused connection fails at once, said as refused: a pool retrying it would spend
            // the ping's whole budget and say the deadline passed instead.
            #expect(warnings.allSatisfy { $0.contains("refused") }, "\(warnings)")
        }
    }
}
