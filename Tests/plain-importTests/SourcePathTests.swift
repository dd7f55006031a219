import Foundation
import PlainFake
import PlainImport
import Testing

/// A file is one source however its path is typed: sources are keyed by the real path.
@Suite struct SourcePathTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-paths-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: BinaryRunner.repositoryRoot.appendingPathComponent("samples/events.ndjson"),
            to: directory.appendingPathComponent("events.ndjson")
        )
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("sub/linked.ndjson").path,
            withDestinationPath: "../events.ndjson"
        )
    }

    @Test func oneFileUnderFourNamesIsOneSource() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let fast = ["--rate", "60000", "--concurrency", "16", "--journal", "plain-import.db"]
            let first = try await cli.run(["import", "events.ndjson", "./events.ndjson"] + fast)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(await fake.store.requests == 200, "the same file twice in one run is read once")
            for spelling in ["./events.ndjson", "../\(directory.lastPathComponent)/events.ndjson", "sub/linked.ndjson", "sub/../events.ndjson"] {
                let again = try await cli.run(["import", spelling] + fast)
                #expect(again.status == 0, "\(spelling): \(again.stderr)")
            }
            #expect(await fake.store.requests == 200, "a settled source sends nothing, whatever its name")

            let status = try await cli.run(["status", "--json"])
            let object = try JSONParser.parse(status.stdout).objectValue
            let sources = object?["sources"]?.arrayValue ?? []
            #expect(sources.count == 1, "\(status.stdout)")
            let real = try #require(realpath(directory.appendingPathComponent("events.ndjson").path, nil))
            defer { free(real) }
            #expect(sources.first?.objectValue?["path"] == .string(String(cString: real)))
            #expect(object?["total"]?.objectValue?["records"] == .number("200"))
        }
    }
}
