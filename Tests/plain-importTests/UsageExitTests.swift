import Foundation
import Testing

/// SPEC §12.1: usage errors exit 2, whatever parses the command line; help and `--version` exit 0.
@Suite struct UsageExitTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-usage-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var cli: BinaryRunner { BinaryRunner(directory: directory) }

    @Test func unknownOptionExits2() async throws {
        let result = try await cli.run(["import", "orders.csv", "--no-such-option"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--no-such-option"))
        #expect(result.stdout.isEmpty)
    }

    @Test func badDurationExits2() async throws {
        let result = try await cli.run(["import", "orders.csv", "--max-duration", "soon"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--max-duration \"soon\" is not a duration"))
    }

    @Test func missingValueAndUnknownCommandExit2() async throws {
        #expect(try await cli.run(["import", "orders.csv", "--rate"]).status == 2)
        #expect(try await cli.run(["no-such-command"]).status == 2)
        #expect(try await cli.run(["import"]).status == 2)
    }

    @Test func versionAndHelpExit0OnStdout() async throws {
        let version = try await cli.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(version.stdout)")
        let help = try await cli.run(["import", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--max-duration"))
    }
}
