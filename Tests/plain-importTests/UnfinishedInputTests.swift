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

    static let mapping = """
        event: customer
        externalId: "row-{{id}}"
        customer:
          email: "{{email}}"
        title: "{{title}}"
        components:
          - text: "{{title}}"

        """

    static func row(_ id: Int) -> String { "\(id),u\(id)@example.com,order \(id) shipped to the customer\n" }

    /// An export still being written: the last row grows a few bytes at a time while the import
    /// runs. The half row is never sent nor journaled (exit 3, said once); once the export is
    /// complete the next run sends it whole, and every row is in Plain once.
    @Test func aRowStillBeingWrittenIsHeldForTheNextRun() async throws {
        let path = directory.appendingPathComponent("export.csv").path
        let mapping = directory.appendingPathComponent("mapping.yaml").path
        try Data(Self.mapping.utf8).write(to: URL(fileURLWithPath: mapping))
        // Long enough that the writer is still on it when the import ends, however slow the machine.
        let lastRow = "201,u201@example.com,order 201 " + String(repeating: "x", count: 5_000) + "\n"
        let half = lastRow.index(lastRow.startIndex, offsetBy: 20)
        try Data(("id,email,title\n" + (1...200).map(Self.row).joined() + lastRow[..<half]).utf8).write(to: URL(fileURLWithPath: path))
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let (process, _, errors) = try cli.start(["import", path, "--mapping", mapping, "--rate", "600000"])
            // The writer goes on: a byte of the last row every 100 ms while the import runs.
            var written = half
            while process.isRunning {
                if written < lastRow.index(before: lastRow.endIndex) {
                    let next = lastRow.index(after: written)
                    try Data(lastRow[written..<next].utf8).append(to: path)
                    written = next
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 3, "\(stderr)")
            #expect(stderr.contains("export.csv:202: the last record has no line end and the file is still being written"), "\(stderr)")
            #expect(stderr.components(separatedBy: "still being written").count == 3, "said once, and once in the summary: \(stderr)")
            #expect(await fake.store.externalIdCounts().count == 200, "the half row is not sent")
            let status = try await cli.run(["status", "--json"])
            #expect(!status.stdout.contains("\"invalid\":1"), "nor journaled as invalid: \(status.stdout)")

            // The export is finished: the rest of the row, its line end, and two more rows.
            try Data((String(lastRow[written...]) + Self.row(202) + Self.row(203)).utf8).append(to: path)
            let resumed = try await cli.run(["import", path, "--mapping", mapping, "--rate", "600000"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 203)
            #expect(counts.values.allSatisfy { $0 == 1 }, "nothing sent twice")
            let titles = await fake.store.events.compactMap { $0.input["title"]?.stringValue }
            #expect(titles.contains("order 201 " + String(repeating: "x", count: 5_000)), "the row is sent whole")
            #expect(Set(titles).count == 203)
        }
    }

    /// A complete file without a final line end: its last row is sent, at once when the file
    /// has been still for a while, after a short wait when it was just written.
    @Test func aLastRowWithoutALineEndIsSentOnceTheFileIsStill() async throws {
        let mapping = directory.appendingPathComponent("mapping.yaml").path
        try Data(Self.mapping.utf8).write(to: URL(fileURLWithPath: mapping))
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            for (name, age) in [("old.csv", 60), ("fresh.csv", 0)] {
                let path = directory.appendingPathComponent(name).path
                let range = name == "old.csv" ? 1...10 : 11...20
                var text = "id,email,title\n" + range.map(Self.row).joined()
                text.removeLast()
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                if age > 0 {
                    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -Double(age))], ofItemAtPath: path)
                }
                let result = try await cli.run(["import", path, "--mapping", mapping, "--rate", "600000"])
                #expect(result.status == 0, "\(name): \(result.stderr)")
            }
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 20)
            #expect(counts.values.allSatisfy { $0 == 1 })
        }
    }
}
