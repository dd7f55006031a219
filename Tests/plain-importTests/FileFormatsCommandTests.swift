import Foundation
import PlainFake
import PlainImport
import Testing

/// SPEC §12.18 through the real binary: a SIGKILL in the middle of a JSON array (UTF-8 and
/// UTF-16) and a resume that loses and doubles nothing; `--encoding` and the encoding hint.
@Suite(.serialized) struct FileFormatsCommandTests {
    /// The sample's native events as one pretty-printed JSON array, in `encoding`.
    static func eventsArray(utf16: Bool) throws -> [UInt8] {
        let ndjson = BinaryRunner.repositoryRoot.appendingPathComponent("samples/events.ndjson")
        let lines = try String(contentsOf: ndjson, encoding: .utf8).split(separator: "\n")
        // Each element spread over two lines, so that lines and offsets are not the NDJSON's.
        let text = "[\n" + lines.map { $0.replacingOccurrences(of: ", \"title\"", with: ",\n    \"title\"") }.joined(separator: ",\n") + "\n]\n"
        guard utf16 else { return Array(text.utf8) }
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        return bytes
    }

    @Test(arguments: [false, true])
    func killNineInTheMiddleOfAJSONArrayLosesNothingAndDoublesNothing(utf16: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-json-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let input = directory.appendingPathComponent("events.json")
        try Data(try Self.eventsArray(utf16: utf16)).write(to: input)
        var options = PlainFakeOptions.unthrottled
        options.latency = .milliseconds(100)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let arguments = ["import", input.path, "--rate", "60000", "--concurrency", "4", "--quiet"]
            let journal = directory.appendingPathComponent("plain-import.db").path
            // Each run is killed a moment after the journal shows it got further into the array,
            // so that every next run resumes inside it.
            func checkpoint() -> Int64 {
                guard FileManager.default.fileExists(atPath: journal) else { return 0 }
                let sources = try? Journal(path: journal, readOnly: true).statusReport()
                return sources?.first?.source.checkpointOffset ?? 0
            }
            var kills = 0
            var resumedAt: [Int64] = []
            var last: Int64 = 0
            for _ in 0..<3 {
                let (process, _, _) = try cli.start(arguments)
                let deadline = ContinuousClock.now + .seconds(30)
                while process.isRunning && ContinuousClock.now < deadline && checkpoint() <= last {
                    try await Task.sleep(for: .milliseconds(50))
                }
                last = checkpoint()
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...300)))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                    resumedAt.append(last)
                }
                await BinaryRunner.wait(process)
                last = checkpoint()
            }
            #expect(kills == 3, "the kills must land mid-array")
            #expect(resumedAt.allSatisfy { $0 > 0 }, "each next run resumed inside the array: \(resumedAt)")
            let final = try await cli.run(arguments)
            #expect(final.status == 0, "\(final.stderr)")
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 200, "every element of the array in Plain")
            #expect(counts.values.allSatisfy { $0 == 1 }, "none twice")
            // Every record journaled once, at its element's offset in the file and the line it starts on.
            let bytes = try Self.eventsArray(utf16: utf16)
            let journaled = try Journal(path: journal, readOnly: true).recordsInPlain(sample: nil)
            #expect(journaled.count == 200)
            #expect(Set(journaled.map(\.offset)).count == 200)
            #expect(journaled.map(\.line) == (0..<200).map { 2 + 2 * $0 })
            #expect(journaled.allSatisfy { bytes[Int($0.offset)] == UInt8(ascii: "{") && (!utf16 || bytes[Int($0.offset) + 1] == 0) })
            let status = try await cli.run(["status", "--json"])
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            func count(_ key: String) -> Int {
                if case .number(let text)? = total?[key] { return Int(text) ?? 0 }
                return 0
            }
            #expect(count("done") + count("duplicate") == 200)
            #expect(total?["pending"] == .number("0"))
        }
    }

    @Test func validateHintsTheEncodingAndReadsItWhenAsked() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-encoding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let text = "email,title\na@example.com,plain\nb@example.com,café\nc@example.com,naïve\n"
        try (text.data(using: .windowsCP1252) ?? Data()).write(to: directory.appendingPathComponent("orders.csv"))
        try Data("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n".utf8).write(to: directory.appendingPathComponent("m.yaml"))
        let cli = BinaryRunner(directory: directory)
        let wrong = try await cli.run(["validate", "orders.csv", "--mapping", "m.yaml"])
        #expect(wrong.status == 1)
        let hints = wrong.stderr.split(separator: "\n").filter { $0.contains("try --encoding windows-1252") }
        #expect(hints.count == 1, "\(wrong.stderr)")
        #expect(
            hints.first?.hasSuffix("orders.csv: not UTF-8 (byte 0xE9 at line 3): it looks like windows-1252; try --encoding windows-1252") == true
        )
        let right = try await cli.run(["validate", "orders.csv", "--mapping", "m.yaml", "--encoding", "windows-1252"])
        #expect(right.status == 0, "\(right.stderr)")
        let preview = try await cli.run(["preview", "orders.csv", "--mapping", "m.yaml", "--encoding", "windows-1252", "--json"])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("naïve"))
        let unknown = try await cli.run(["validate", "orders.csv", "--mapping", "m.yaml", "--encoding", "ebcdic"])
        #expect(unknown.status == 2)
    }
}
