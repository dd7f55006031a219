import Foundation
import PlainFake
import PlainImport
import Testing

/// The sample help-desk export through the real binary (SPEC §15.1): records under a key,
/// filters, maps and `where:`; stopped by `--limit` and resumed, each event sent once.
@Suite struct JSONEnvelopeTests {
    @Test func anEnvelopeExportImportsResumesAndSendsEachKeptRecordOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-envelope-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples").path
        let arguments = ["\(samples)/tickets-export.json", "--mapping", "\(samples)/tickets-mapping.yaml"]
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let validate = try await cli.run(["validate"] + arguments)
            #expect(validate.status == 0, "\(validate.stderr)")
            #expect(validate.stderr.contains("40 records, 27 valid, 0 invalid, 13 filtered out by where:"), "\(validate.stderr)")

            let first = try await cli.run(["import", "--limit", "10"] + arguments)
            #expect(first.status == 3, "\(first.stderr)")
            let second = try await cli.run(["import"] + arguments)
            #expect(second.status == 0, "\(second.stderr)")
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 27 && counts.values.allSatisfy { $0 == 1 }, "\(counts)")
            let events = await fake.store.events
            let ticket = events.first { $0.externalId == "ticket-1002" }
            #expect(ticket?.input["timestamp"] == "2024-01-17T09:02:00Z", "01/17/2024 4:02 AM in New York")
            #expect(events.allSatisfy { ($0.input["title"]?.stringValue ?? "").hasPrefix("Ticket 10") })
            // Read to its end: nothing is left unread, though the envelope's closing bytes follow the last record.
            let status = try await cli.run(["status", "--json"])
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            #expect(total?["unreadBytes"] == .number("0"), "\(status.stdout)")
            #expect(total?["filtered"] == .number("13"))
        }
    }
}
