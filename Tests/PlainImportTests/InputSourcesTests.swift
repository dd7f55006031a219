import CZlib
import Foundation
import Logging
import PlainFake
import Testing

@testable import PlainImport

/// Directories, gzip and changed files through the real importer, journal and stand-in Plain (SPEC §5).
@Suite struct InputSourcesTests: ImportTestSuite {
    let directory = temporaryDirectory()

    /// Writes `text` gzip-compressed with zlib.
    func writeGzip(_ text: String, to name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        guard let file = gzopen(path, "wb") else { throw InputError(path: path, reason: "cannot create") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
        #expect(Int(written) == bytes.count)
        return path
    }

    func ndjson(_ range: ClosedRange<Int>, prefix: String) -> String {
        range.map { #"{"email":"\#(prefix)\#($0)@example.com","title":"\#(prefix) \#($0)"}"# + "\n" }.joined()
    }

    @Test func aDirectoryImportsItsFilesInNameOrderPlainAndGzipped() async throws {
        let folder = directory.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        write("email,title\n" + (1...5).map { "c\($0)@example.com,csv \($0)\n" }.joined(), to: "a.csv", in: folder)
        _ = try writeGzip(ndjson(1...7, prefix: "gz"), to: "b.ndjson.gz", in: folder)
        write(ndjson(1...3, prefix: "jl"), to: "c.jsonl", in: folder)
        _ = try writeGzip("email,title\n" + (1...4).map { "z\($0)@example.com,zipped csv \($0)\n" }.joined(), to: "d.csv.gz", in: folder)
        write("not an input", to: "notes.txt", in: folder)
        let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n", to: "m.yaml", in: directory)

        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            var configuration = try configuration(fake, inputs: [folder.path], mapping: mapping)
            configuration.concurrency = 1  // arrival order is then reading order
            let report = try await run(configuration)
            #expect(report.verdict == .complete)
            #expect(report.run.created == 19)
            let order = await fake.store.events.compactMap { $0.input["title"]?.stringValue?.split(separator: " ").first.map(String.init) }
            #expect(
                order == Array(repeating: "csv", count: 5) + Array(repeating: "gz", count: 7)
                    + Array(repeating: "jl", count: 3) + Array(repeating: "zipped", count: 4),
                "one file after another, in name order"
            )
            let sources = try Journal(path: journalPath, readOnly: true).statusReport()
            #expect(sources.map { URL(fileURLWithPath: $0.source.path).lastPathComponent } == ["a.csv", "b.ndjson.gz", "c.jsonl", "d.csv.gz"])

            // A second run reads nothing and sends nothing.
            let again = try await run(configuration)
            #expect(again.verdict == .complete)
            #expect(again.run.requests == 0)
            #expect(again.run.recordsRead == 0)
            #expect(again.run.sourcesUnread == 4, "settled files, gzip included, are not even opened")
            #expect(again.inputs.records == 19)
        }
    }

    @Test func aFileWhoseBeginningChangedIsANewVersion() async throws {
        let path = directory.appendingPathComponent("export.ndjson").path
        let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n", to: "m.yaml", in: directory)
        write(ndjson(1...10, prefix: "old"), to: "export.ndjson", in: directory)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let configuration = try configuration(fake, inputs: [path], mapping: mapping)
            #expect(try await run(configuration).run.created == 10)
            // The export was regenerated: a new first record, then the same ten.
            write(ndjson(0...0, prefix: "new") + ndjson(1...10, prefix: "old"), to: "export.ndjson", in: directory)
            let report = try await run(configuration)
            #expect(report.verdict == .complete)
            #expect(report.run.recordsRead == 11, "read from its start as a new source")
            #expect(report.run.created == 1)
            #expect(report.run.duplicates == 10, "known by their externalIds, not sent again")
            #expect(report.run.requests == 1)
            let journal = try Journal(path: journalPath, readOnly: true)
            #expect(try journal.statusReport().count == 1, "the earlier version no longer counts")
            let versions = try journal.statusReport(includeSuperseded: true)
            #expect(versions.count == 2)
            #expect(versions.first?.source.supersededBy == versions.last?.source.id)
            #expect(await fake.store.events.count == 11)
        }
    }
}
