import Foundation
import PlainFake
import PlainImport
import Testing

/// `--log-format json` (or PLAIN_IMPORT_LOG_FORMAT) through the binary: every stderr line is one
/// JSON object with a time, a level and a message; progress carries its figures as numbers.
@Suite struct LogFormatTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-logformat-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func objects(_ stderr: String) -> [JSONObject?] {
        stderr.split(separator: "\n").map { (try? JSONParser.parse(String($0)))?.objectValue }
    }

    @Test func everyStderrLineIsAJSONObject() async throws {
        let input = directory.appendingPathComponent("events.ndjson").path
        let lines = (1...100).map { #"{"threadId":"th_\#($0)","title":"e\#($0)","components":[]}"# } + ["not json"]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        var options = PlainFakeOptions.unthrottled
        options.latency = .milliseconds(40)
        try await PlainFake.withRunning(options: options) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(
                ["import", input, "--rate", "600000", "--concurrency", "2", "--progress-every", "1s", "--log-format", "json"]
            )
            #expect(result.status == 1, "\(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"), "no terminal codes")
            let entries = objects(result.stderr)
            #expect(!entries.isEmpty)
            for (entry, line) in zip(entries, result.stderr.split(separator: "\n")) {
                #expect(entry != nil, "not one JSON object: \(line)")
                #expect(entry?["timestamp"]?.stringValue?.hasSuffix("Z") == true, "\(line)")
                #expect(entry?["level"]?.stringValue != nil && entry?["message"]?.stringValue != nil, "\(line)")
            }
            let progress = entries.compactMap { $0 }.filter { $0["message"] == .string("progress") }
            #expect(!progress.isEmpty, "\(result.stderr)")
            if case .number? = progress.first?["done"] {} else { Issue.record("done is not a number: \(String(describing: progress.first))") }
            // A record's diagnostic carries its place and code as keys; the summary its figures.
            let invalid = entries.compactMap { $0 }.first { $0["message"]?.stringValue?.contains("invalid record") == true }
            #expect(invalid?["level"] == .string("warning"), "\(result.stderr)")
            #expect(invalid?["source"] == .string(input) && invalid?["line"] == .number("101"), "\(String(describing: invalid))")
            #expect(invalid?["code"] == .string("invalid_record"), "\(String(describing: invalid))")
            let summary = entries.compactMap { $0 }.first { $0["message"]?.stringValue?.contains("records known for these inputs") == true }
            #expect(summary?["created"] == .number("100") && summary?["invalid"] == .number("1"), "\(String(describing: summary))")
            #expect(summary?["exitCode"] == .number("1"))
        }
    }

    /// `validate` names each invalid record's source, line, field and code as keys too.
    @Test func validateKeysEachInvalidRecord() async throws {
        let input = directory.appendingPathComponent("bad.ndjson").path
        try Data(#"{"threadId":"th_1","components":[]}"#.utf8 + [0x0A]).write(to: URL(fileURLWithPath: input))
        let result = try await BinaryRunner(directory: directory).run(["validate", input, "--log-format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        let entry = objects(result.stderr).compactMap { $0 }.first { $0["code"] != nil }
        #expect(entry?["source"] == .string(input) && entry?["line"] == .number("1") && entry?["field"] == .string("title"), "\(result.stderr)")
        #expect(entry?["level"] == .string("warning"))
    }

    @Test func theEnvironmentChoosesItToo() async throws {
        let cli = BinaryRunner(directory: directory, environment: ["PLAIN_IMPORT_LOG_FORMAT": "json"])
        let result = try await cli.run(["validate", directory.appendingPathComponent("missing.ndjson").path])
        #expect(result.status == 2)
        let entries = objects(result.stderr)
        #expect(!entries.isEmpty && entries.allSatisfy { $0 != nil }, "\(result.stderr)")
    }
}
