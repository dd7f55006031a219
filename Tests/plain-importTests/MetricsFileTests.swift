import Foundation
import PlainFake
import PlainImport
import Testing

/// `import --metrics-file` through the binary: the Prometheus text format's names, labels and
/// values at the end of a run, whatever its exit code, and a file that cannot be written.
@Suite struct MetricsFileTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-metrics-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The samples of `text`: `name{labels}` → value.
    func samples(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            result[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return result
    }

    @Test func aRunWritesItsMetricsAndTheLastSuccessIsKept() async throws {
        let input = directory.appendingPathComponent("events.ndjson").path
        let lines = (1...20).map { #"{"threadId":"th_\#($0)","title":"e\#($0)","externalId":"m-\#($0)","components":[]}"# }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let metrics = directory.appendingPathComponent("plain-import.prom").path
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let first = try await cli.run(["import", input, "--rate", "600000", "--metrics-file", metrics])
            #expect(first.status == 0, "\(first.stderr)")
            let text = try String(contentsOfFile: metrics, encoding: .utf8)
            let label = #"journal="plain-import.db""#
            for name in [
                "plain_import_running", "plain_import_run_start_timestamp_seconds", "plain_import_run_duration_seconds",
                "plain_import_exit_code", "plain_import_last_success_timestamp_seconds", "plain_import_records",
                "plain_import_unread_bytes", "plain_import_run_events_created", "plain_import_run_requests",
                "plain_import_run_retries", "plain_import_run_rate_limited",
            ] {
                #expect(text.contains("# HELP \(name) "), "\(name): \(text)")
                #expect(text.contains("# TYPE \(name) gauge"), "\(name)")
            }
            var values = samples(text)
            #expect(values["plain_import_running{\(label)}"] == "0")
            #expect(values["plain_import_exit_code{\(label)}"] == "0")
            #expect(values["plain_import_records{\(label),status=\"done\"}"] == "20")
            #expect(values["plain_import_records{\(label),status=\"pending\"}"] == "0")
            #expect(values["plain_import_run_events_created{\(label)}"] == "20")
            #expect(values["plain_import_unread_bytes{\(label)}"] == "0")
            let success = try #require(values["plain_import_last_success_timestamp_seconds{\(label)}"].flatMap(Double.init))
            #expect(success > 0)

            // A run that ends with an invalid record: exit 1 in the metrics, the last success kept.
            try Data("not json\n".utf8).append(to: input)
            let second = try await cli.run(["import", input, "--rate", "600000", "--metrics-file", metrics])
            #expect(second.status == 1, "\(second.stderr)")
            values = samples(try String(contentsOfFile: metrics, encoding: .utf8))
            #expect(values["plain_import_exit_code{\(label)}"] == "1")
            #expect(values["plain_import_records{\(label),status=\"invalid\"}"] == "1")
            #expect(values["plain_import_last_success_timestamp_seconds{\(label)}"].flatMap(Double.init) == success)
            #expect(!FileManager.default.fileExists(atPath: metrics + ".tmp-\(getpid())"))
        }
    }

    /// Prometheus' own checker accepts the file (`promtool check metrics`; skipped without it).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool"), "needs promtool (Debian's prometheus)"))
    func promtoolAcceptsTheFile() async throws {
        let input = directory.appendingPathComponent("two.ndjson").path
        try Data((#"{"threadId":"th_1","title":"e","components":[]}"# + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let metrics = directory.appendingPathComponent("checked.prom")
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(
                ["import", input, "--rate", "600000", "--metrics-file", metrics.path]
            )
            #expect(result.status == 0, "\(result.stderr)")
        }
        let promtool = Process()
        promtool.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        promtool.arguments = ["check", "metrics"]
        promtool.standardInput = try FileHandle(forReadingFrom: metrics)
        let output = Pipe()
        promtool.standardOutput = output
        promtool.standardError = output
        try promtool.run()
        promtool.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(promtool.terminationStatus == 0, "\(said)")
        #expect(said.isEmpty, "no lint remarks: \(said)")
    }

    @Test func aMetricsFileThatCannotBeWrittenIsAWarningOnly() async throws {
        let input = directory.appendingPathComponent("one.ndjson").path
        try Data((#"{"threadId":"th_1","title":"e","components":[]}"# + "\n").utf8).write(to: URL(fileURLWithPath: input))
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(
                ["import", input, "--rate", "600000", "--metrics-file", "/nonexistent-directory/plain-import.prom"]
            )
            #expect(result.status == 0, "never a failure of the import: \(result.stderr)")
            #expect(
                result.stderr.components(separatedBy: "metrics file: cannot write /nonexistent-directory/plain-import.prom").count - 1 == 1,
                "one warning: \(result.stderr)"
            )
        }
    }
}
