import Foundation
import PlainImport
import Testing

/// What `--help` promises for `--json` is what the commands print.
@Suite struct HelpMatchesOutputTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-help-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var cli: BinaryRunner { BinaryRunner(directory: directory) }

    @Test func validateJSONIsOneFailuresLinePerInvalidRecord() async throws {
        let help = try await cli.run(["validate", "--help"])
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!text.contains("summary object"), "\(help.stdout)")
        #expect(text.contains("--json Print each invalid record on stdout as one JSON line shaped as `failures` prints it (NDJSON)"))

        let input = try Fixtures.mixedNDJSON(in: directory)
        let result = try await cli.run(["validate", input.path, "--json"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.stdout)")
        for line in lines {
            #expect(try JSONParser.parse(line).objectValue?.keys == ["source", "line", "externalId", "status", "error", "record"])
        }
    }

    @Test func demoJSONIsOneObject() async throws {
        let help = try await cli.run(["demo", "--help"])
        #expect(help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("--json Print one JSON object"), "\(help.stdout)")
        let result = try await cli.run(["demo", "--json", "--rate", "60000", "--journal", directory.appendingPathComponent("demo.db").path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue
        let runs = object?["runs"]?.arrayValue ?? []
        // The story: a resume after a kill, events.ndjson, late-orders.csv (one bad row on purpose), orders again.
        try #require(runs.count == 4)
        #expect(runs.first?.objectValue?["records"] == .number("300"))
        #expect(runs[2].objectValue?["invalid"] == .number("1"))
        #expect(runs.last?.objectValue?["requests"] == .number("0"))
        #expect(object?["storedEvents"] == .number("519"))
        #expect(object?["exitCode"] == .number("0"))
    }

    /// The demo's story is what it was asked for: on stdout; the runs' own logs on stderr.
    @Test func demoTellsItsStoryOnStdout() async throws {
        let result = try await cli.run(["demo", "--rate", "60000", "--journal", directory.appendingPathComponent("demo-story.db").path])
        #expect(result.status == 0, "\(result.stderr)")
        for step in ["demo: 1. preflight", "demo: 2. plain-import import orders.csv, killed", "demo: 9. plain-import verify"] {
            #expect(result.stdout.contains(step), "\(step) is on stdout: \(result.stdout)")
            #expect(!result.stderr.contains(step), "\(step) is not on stderr")
        }
        #expect(result.stderr.contains("records known for these inputs"), "each run's own summary stays on stderr: \(result.stderr)")
    }
}
