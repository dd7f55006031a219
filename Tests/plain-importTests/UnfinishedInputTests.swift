import Foundation
import PlainFake
import PlainImport
import Testing

/// Inputs that end before their records do, through the binary: a truncated `.gz` and an export
/// still being written. Nothing half-read is sent, nothing is lost, and the run says so.
@Suite struct UnfinishedInputTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-unfinished-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// `count` native thread events, one per line, each line ended.
    static func events(_ range: ClosedRange<Int>) -> String {
        range.map { #"{"threadId":"th_\#($0)","title":"event \#($0)","externalId":"ev-\#($0)","components":[]}"# + "\n" }.joined()
    }

    func gzip(_ text: String, to path: String) throws {
        let plain = path + ".plain"
        try Data(text.utf8).write(to: URL(fileURLWithPath: plain))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c -n \"$0\" > \"$1\" && rm \"$0\"", plain, path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
    }

    /// A `.gz` cut part-way: the records before the cut are sent, the rest is an invalid
    /// "unreadable" record (exit 1, listed by `failures`); the same cut file again sends nothing
    /// and exits 1 again; the whole file then sends the rest, each record once, exit 0.
    @Test func aTruncatedGzipIsNotAllInPlain() async throws {
        let path = directory.appendingPathComponent("events.ndjson.gz").path
        try gzip(Self.events(1...3_000), to: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count * 6 / 10).write(to: URL(fileURLWithPath: path))
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let cut = try await cli.run(["import", path, "--rate", "600000", "--json"])
            #expect(cut.status == 1, "\(cut.stderr)")
            #expect(cut.stderr.contains("gzip data ends unexpectedly"), "\(cut.stderr)")
            #expect(cut.stderr.contains("could not be read to the end"), "\(cut.stderr)")
            let sent = await fake.store.externalIdCounts()
            #expect(sent.count > 0 && sent.count < 3_000)
            #expect(sent.values.allSatisfy { $0 == 1 })

            let failures = try await cli.run(["failures", "--json"])
            #expect(failures.stdout.contains(Journal.unreadableCode), "\(failures.stdout)")
            #expect(failures.stdout.contains("gzip data ends unexpectedly"), "\(failures.stdout)")

            let requests = await fake.store.requests
            let again = try await cli.run(["import", path, "--rate", "600000"])
            #expect(again.status == 1, "still not all in Plain: \(again.stderr)")
            #expect(await fake.store.requests == requests, "nothing sent twice")

            try whole.write(to: URL(fileURLWithPath: path))
            let complete = try await cli.run(["import", path, "--rate", "600000"])
            #expect(complete.status == 0, "\(complete.stderr)")
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 3_000)
            #expect(counts.values.allSatisfy { $0 == 1 }, "nothing sent twice")
            let failuresAfter = try await cli.run(["failures", "--json"])
            #expect(!failuresAfter.stdout.contains(Journal.unreadableCode), "\(failuresAfter.stdout)")
        }
    }
}
