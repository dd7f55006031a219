import Foundation
import PlainFake
import PlainImport
import Testing

/// Huge, wide and endless inputs stay bounded (issue 18.7), through the binary: an invalid
/// record is kept as its size, hash and start, never whole; a row over 16 MiB is one invalid
/// record and reading goes on after it; a row far wider than its header costs time in
/// proportion to its width; a flood of invalid records stops the run.
@Suite struct OversizedInputTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-oversized-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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

    func write(_ text: String, _ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue) ?? 0
    }

    /// 30 invalid rows of 1 MiB each: the journal keeps about a kilobyte of each (old code kept
    /// them whole: over 30 MiB), `failures` shows their size and SHA-256, and the preview page
    /// stays small.
    @Test func hugeInvalidRecordsAreKeptAsTheirSizeHashAndStart() async throws {
        let mapping = try write(Self.mapping, "mapping.yaml")
        let note = String(repeating: "n", count: 1 << 20)
        let rows = (1...30).map { "\($0),,\(note)\n" }.joined()
        let input = try write("id,email,title\n" + rows + "31,u31@example.com,fine\n", "huge.csv")
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["import", input, "--mapping", mapping, "--rate", "600000"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.utf8.count < 64 * 1024, "the log does not echo the rows")
            #expect(await fake.store.externalIdCounts().count == 1)
            let journal = directory.appendingPathComponent("plain-import.db").path
            let journalBytes = fileSize(journal) + fileSize(journal + "-wal")
            #expect(journalBytes < 1 << 20, "journal \(journalBytes) bytes")

            let failures = try await cli.run(["failures", "--json"])
            let lines = failures.stdout.split(separator: "\n")
            #expect(lines.count == 30)
            for line in lines {
                let record = try JSONParser.parse(String(line)).objectValue?["record"]?.objectValue
                #expect(record?["truncated"] == .bool(true))
                guard case .number(let bytes)? = record?["bytes"] else {
                    Issue.record("no size: \(line.prefix(300))")
                    continue
                }
                #expect(Int(bytes) ?? 0 > 1 << 20)
                #expect(record?["sha256"]?.stringValue?.count == 64)
                #expect(record?["start"]?.stringValue?.hasPrefix("{\"id\":") == true)
            }

            let page = directory.appendingPathComponent("page.html").path
            let preview = try await cli.run(["preview", input, "--mapping", mapping, "--output", page])
            #expect(preview.status == 1, "\(preview.stderr)")
            #expect(fileSize(page) > 0 && fileSize(page) < 2 << 20, "page \(fileSize(page)) bytes")
        }
    }

    /// A quoted field of 17 MiB, closed, spanning 17,500 lines: one invalid record naming its
    /// size and lines (old code: "never closed" and 17,409 invalid records), and the rows after
    /// it are sent.
    @Test func aClosedQuotedFieldOver16MiBIsOneInvalidRecord() async throws {
        let mapping = try write(Self.mapping, "mapping.yaml")
        let field = String(repeating: String(repeating: "y", count: 1_000) + "\n", count: 17_500)
        let text = "id,email,title\n1,u1@example.com,one\n2,u2@example.com,\"" + field + "\"\n3,u3@example.com,three\n4,u4@example.com,four\n"
        let input = try write(text, "big-field.csv")
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["import", input, "--mapping", mapping, "--rate", "600000", "--json"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("big-field.csv:3:"), "\(result.stderr)")
            #expect(result.stderr.contains("longer than the 16 MiB limit (lines 3–17503"), "\(result.stderr)")
            let summary = try JSONParser.parse(result.stdout).objectValue
            #expect(summary?["invalid"] == .number("1"), "\(result.stdout)")
            #expect(Set(await fake.store.externalIdCounts().keys) == ["row-1", "row-3", "row-4"])
        }
    }

    /// A row with 100,000 more fields than its header: one invalid record, found in time in
    /// proportion to its width (old code: quadratic, minutes).
    @Test(.timeLimit(.minutes(1))) func aRowFarWiderThanItsHeaderIsOneInvalidRecord() async throws {
        let mapping = try write(Self.mapping, "mapping.yaml")
        let wide = "2,u2@example.com,two" + String(repeating: ",x", count: 100_000) + "\n"
        let input = try write("id,email,title\n1,u1@example.com,one\n" + wide + "3,u3@example.com,three\n", "wide.csv")
        let result = try await BinaryRunner(directory: directory).run(["validate", input, "--mapping", mapping])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("wide.csv:3: the row has 100003 fields; the header has 3"), "\(result.stderr)")
        #expect(result.stderr.contains("3 records, 2 valid, 1 invalid"), "\(result.stderr)")
    }

    /// An input that is not what the format says (here: binary noise as NDJSON): the first
    /// 1,000 records all invalid stop the run with exit 1 and the reason, and nothing is sent.
    @Test func aFloodOfInvalidRecordsStopsTheRun() async throws {
        var generator = SplitMix(seed: 18)
        var bytes: [UInt8] = []
        for _ in 0..<5_000 {
            bytes += (0..<40).map { _ in UInt8(truncatingIfNeeded: generator.next() % 255 + 1) }.map { $0 == 0x0A ? 0x20 : $0 }
            bytes.append(0x0A)
        }
        let input = directory.appendingPathComponent("noise.ndjson").path
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["import", input, "--rate", "600000", "--quiet", "--json"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("the first 1000 records read were all invalid"), "\(result.stderr)")
            let summary = try JSONParser.parse(result.stdout).objectValue
            #expect(summary?["invalid"] == .number("1000"), "\(result.stdout)")
            #expect(await fake.store.requests == 0)
        }
    }

    /// A mapping syntax error on a 200 KB line shows the place, not the line.
    @Test func aMappingErrorShowsAnExcerptOfALongLine() async throws {
        let mapping = try write("event: customer\ntitle: \"{{a}}" + String(repeating: "x", count: 200_000) + "}}\" : : bad\n", "long.yaml")
        let input = try write("a\n1\n", "one.csv")
        let result = try await BinaryRunner(directory: directory).run(["validate", input, "--mapping", mapping])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("long.yaml:2"), "\(result.stderr)")
        #expect(result.stderr.utf8.count < 1_000, "\(result.stderr.prefix(300))")
    }

    /// A small deterministic generator, so that the noise is the same on every run.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
