import Foundation
import PlainFake
import PlainImport
import Testing

/// What a cron host watches, through the binary: pings for every exit a nightly run can end
/// with, JSON logs that parse line by line whatever happens, and a metrics file that is never
/// seen half-written and agrees with `status --json`.
@Suite struct CronSignalsTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-cron-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func events(_ count: Int, name: String = "events.ndjson") throws -> String {
        let path = directory.appendingPathComponent(name).path
        let lines = (1...count).map { #"{"threadId":"th_\#($0)","title":"e\#($0)","externalId":"c-\#($0)","components":[]}"# }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every stderr line one JSON object, each with a time, a level and a message.
    func expectJSONLines(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = stderr.split(separator: "\n")
        #expect(!lines.isEmpty, sourceLocation: sourceLocation)
        for line in lines {
            let object = (try? JSONParser.parse(String(line)))?.objectValue
            #expect(object?["level"]?.stringValue != nil && object?["message"]?.stringValue != nil, "\(line)", sourceLocation: sourceLocation)
        }
    }

    /// Exits 3 (SIGTERM), 4 (the journal held) and 5 (a refused key) each ping their code; the
    /// JSON logs of those runs, and of one with retries, parse line by line.
    @Test func pingsAndJSONLogsForEveryWayARunEnds() async throws {
        let monitor = try HostileServer(answer: .init(bytes: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"))
        defer { monitor.stop() }
        let ping = "http://127.0.0.1:\(monitor.port)/ping/abc"
        let input = try events(40)
        var options = PlainFakeOptions.unthrottled
        options.latency = .seconds(3)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let arguments = ["import", input, "--concurrency", "1", "--rate", "600000", "--ping-url", ping, "--log-format", "json"]
            let (first, _, firstErrors) = try cli.start(arguments)
            await BinaryRunner.waitForRequests(at: fake)
            // A second run on the same journal: exit 4, pinged.
            let held = try await cli.run(arguments)
            #expect(held.status == 4, "\(held.stderr)")
            expectJSONLines(held.stderr)
            kill(first.processIdentifier, SIGTERM)
            await BinaryRunner.wait(first)
            #expect(first.terminationStatus == 3)
            expectJSONLines(try String(contentsOf: firstErrors, encoding: .utf8))
            let paths = monitor.heads.compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
            #expect(paths.filter { $0 == "/ping/abc/start" }.count == 2, "\(paths)")
            #expect(paths.contains("/ping/abc/4") && paths.contains("/ping/abc/3"), "\(paths)")
        }
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let refused = try await BinaryRunner(directory: directory, against: fake, key: "not-the-key").run(
                ["import", input, "--journal", "refused.db", "--ping-url", ping, "--log-format", "json"]
            )
            #expect(refused.status == 5, "\(refused.stderr)")
            expectJSONLines(refused.stderr)
            #expect(monitor.heads.last?.hasPrefix("GET /ping/abc/5 ") == true, "\(monitor.heads)")
        }
        var flaky = PlainFakeOptions.unthrottled
        flaky.internalErrorProbability = 0.3
        try await PlainFake.withRunning(options: flaky) { fake in
            let retried = try await BinaryRunner(directory: directory, against: fake).run(
                ["import", input, "--journal", "retried.db", "--rate", "600000", "--log-format", "json", "--verbose"]
            )
            #expect(retried.status == 0, "\(retried.stderr)")
            #expect(await fake.store.requests > 40, "some requests were retried")
            expectJSONLines(retried.stderr)
        }
    }

    /// A reader polling the metrics file through a whole run sees only whole files (every
    /// series there), and the last one agrees with `status --json`.
    @Test func theMetricsFileIsNeverSeenHalfWritten() async throws {
        let input = try events(300)
        try Data("not json\n".utf8).append(to: input)
        let metrics = directory.appendingPathComponent("run.prom").path
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let (process, _, errors) = try cli.start(
                ["import", input, "--rate", "3000", "--concurrency", "4", "--metrics-file", metrics, "--progress-every", "1s"]
            )
            var reads = 0
            while process.isRunning {
                if let text = try? String(contentsOfFile: metrics, encoding: .utf8) {
                    reads += 1
                    #expect(text.hasSuffix("\n"), "a whole file ends with its last line")
                    for name in ["plain_import_running", "plain_import_records", "plain_import_run_rate_limited"] {
                        #expect(text.contains("# TYPE \(name) gauge"), "read \(reads): \(name) missing: \(text)")
                    }
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(process.terminationStatus == 1, "\((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
            #expect(reads > 3, "the file was read while the run went on: \(reads)")
            let text = try String(contentsOfFile: metrics, encoding: .utf8)
            let status = try await cli.run(["status", "--json"])
            let total = try #require(try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue)
            func number(_ key: String) -> Int { Int(total[key].flatMap { if case .number(let text) = $0 { text } else { nil } } ?? "") ?? -1 }
            let label = #"journal="plain-import.db""#
            #expect(text.contains("plain_import_records{\(label),status=\"done\"} \(number("done") + number("duplicate"))\n"), "\(text)")
            #expect(text.contains("plain_import_records{\(label),status=\"invalid\"} \(number("invalid"))\n"), "\(text)")
            #expect(text.contains("plain_import_records{\(label),status=\"failed\"} \(number("failed"))\n"))
            #expect(text.contains("plain_import_records{\(label),status=\"pending\"} \(number("pending"))\n"))
        }
    }
}
