import Foundation
import PlainFake
import PlainImport
import Testing

/// A wrong `--format` (issue 20.8), through the binary: when a source's first records all fail
/// to read, the run says once what the file looks like and which `--format` would read it.
@Suite struct WrongFormatTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-format-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func csv() throws -> String {
        let path = directory.appendingPathComponent("orders.txt").path
        let rows = (1...50).map { "O-\($0),c\($0)@example.com,Order \($0)" }
        try Data(("order_id,email,title\n" + rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func validateSaysOnceWhatTheFileLooksLike() async throws {
        let result = try await BinaryRunner(directory: directory).run(["validate", try csv(), "--format", "ndjson"])
        #expect(result.status == 1, "\(result.stderr)")
        let hint = "the file looks like CSV (its first line: \"order_id,email,title\"): try --format csv"
        #expect(result.stderr.components(separatedBy: hint).count - 1 == 1, "\(result.stderr)")
    }

    @Test func importSaysItOnceToo() async throws {
        let input = try csv()
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(["import", input, "--format", "ndjson", "--rate", "600000"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.components(separatedBy: "try --format csv").count - 1 == 1, "\(result.stderr)")
            #expect(await fake.store.requests == 0)
        }
    }

    /// `check` and `preview` read through the same loop as `validate` and `import`, so they say it too.
    @Test(arguments: [["preview"], ["check"]])
    func checkAndPreviewSayItOnceToo(_ command: [String]) async throws {
        let input = try csv()
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(command + [input, "--format", "ndjson"])
            let said = result.stdout + result.stderr
            #expect(said.components(separatedBy: "try --format csv").count - 1 == 1, "\(said)")
        }
    }

    @Test(arguments: [
        (#"{"a":1}"#, InputFormat.ndjson), (#"[{"a":1},"#, .json), ("a\tb\tc", .tsv), ("a,b,c", .csv), ("just words", nil),
    ])
    func theFirstLineSuggestsAFormat(line: String, format: InputFormat?) {
        #expect(FormatGuess.guess(firstLine: line)?.format == format)
    }
}
