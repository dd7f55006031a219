import Foundation
import PlainFake
import PlainImport
import Testing

/// What each command was asked for goes to stdout; logs, progress and diagnostics to stderr
/// (so `plain-import verify > report.txt` holds the report). One story through every command,
/// each stream pinned both ways.
@Suite struct OutputStreamsTests {
    @Test func everyCommandKeepsResultsOnStdoutAndDiagnosticsOnStderr() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-streams-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples").path
        let late = ["\(samples)/late-orders.csv", "--mapping", "\(samples)/orders-mapping.yaml"]
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)

            // validate: the verdict per record and the count are diagnostics; --json puts records on stdout.
            let validate = try await cli.run(["validate"] + late)
            #expect(validate.stdout.isEmpty, "\(validate.stdout)")
            #expect(validate.stderr.contains("late-orders.csv:") && validate.stderr.contains("20 records"), "\(validate.stderr)")
            let validateJSON = try await cli.run(["validate", "--json"] + late)
            #expect(validateJSON.stdout.split(separator: "\n").allSatisfy { (try? JSONParser.parse(String($0)))?.objectValue != nil })
            #expect(!validateJSON.stdout.isEmpty && !validateJSON.stderr.contains("\"source\""), "\(validateJSON.stderr)")

            // preview: the page is the file; --json writes the entries on stdout, the count on stderr.
            let preview = try await cli.run(["preview", "--json", "--limit", "3"] + late)
            #expect(preview.stdout.split(separator: "\n").count == 3, "\(preview.stdout)")
            #expect(preview.stderr.contains("records shown") && !preview.stdout.contains("records shown"))

            // check: the report is the result.
            let check = try await cli.run(["check"] + late)
            #expect(check.stdout.contains("workspace:") && !check.stderr.contains("workspace:"), "\(check.stderr)")

            // import: its summary is a diagnostic of the run; --json puts the figures alone on stdout.
            let imported = try await cli.run(["import", "--json"] + late)
            #expect(imported.status == 1, "\(imported.stderr)")
            #expect((try JSONParser.parse(imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines))).objectValue?["created"] != nil)
            #expect(imported.stderr.contains("records known for these inputs") && imported.stderr.contains("invalid record"))
            #expect(!imported.stdout.contains("invalid record"))

            // status, failures and verify: their reports are results.
            for (command, marker) in [(["status"], "total"), (["failures", "--summary"], "invalid_record"), (["verify", "--sample", "5"], "total")] {
                let result = try await cli.run(command)
                #expect(result.stdout.contains(marker), "\(command) on stdout: \(result.stdout) / \(result.stderr)")
                #expect(!result.stderr.contains(marker), "\(command) not on stderr: \(result.stderr)")
            }
        }
    }
}
