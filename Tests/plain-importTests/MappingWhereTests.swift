import Foundation
import PlainFake
import PlainImport
import Testing

/// `where:`, filters and local email checks through the real binary (SPEC §15.2–§15.5): a
/// filtered record is never sent, settled, counted everywhere, and a changed `where:` is a
/// changed mapping.
@Suite struct MappingWhereTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-where-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let csv = """
            id,email,status,when
            1, Ada@Example.com ,PAID,03/14/2024 9:05 PM
            2,bob@example.com,refunded,12/01/2023 12:00 AM
            3,carl@example.com,open,01/02/2024 1:00 PM
            4,dan@example.com,paid,13/02/2024 1:00 PM
            5,eve example.com,paid,01/02/2024 1:00 PM

            """
        try Data(csv.utf8).write(to: directory.appendingPathComponent("orders.csv"))
        try Data(mapping(statuses: "[paid, refunded]").utf8).write(to: directory.appendingPathComponent("m.yaml"))
    }

    func mapping(statuses: String) -> String {
        """
        customer: { email: "{{email | trim | lower}}" }
        title: "Order {{id}}: {{status | lower | map: statuses}}"
        timestamp: "{{when | date: '%m/%d/%Y %I:%M %p'}}"
        timezone: America/New_York
        externalId: "order-{{id}}"
        maps:
          statuses: { paid: Paid, refunded: Refunded, open: Open }
        where:
          - { value: "{{status | lower}}", in: \(statuses) }
        """
    }

    @Test func filteredRecordsAreSettledCountedAndNeverSent() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let arguments = ["orders.csv", "--mapping", "m.yaml"]

            let validate = try await cli.run(["validate"] + arguments)
            #expect(validate.status == 1, "\(validate.stderr)")
            #expect(validate.stderr.contains("5 records, 2 valid, 2 invalid, 1 filtered out by where:"), "\(validate.stderr)")
            #expect(validate.stderr.contains(#"orders.csv:5: when: filter date: "13/02/2024 1:00 PM" does not match "%m/%d/%Y %I:%M %p""#))
            #expect(validate.stderr.contains(#"orders.csv:6: customer.emailAddress: "eve example.com" has a space inside"#))

            let preview = try await cli.run(["preview", "--json"] + arguments)
            #expect(preview.stdout.split(separator: "\n").count == 4, "kept records only: \(preview.stdout)")
            #expect(!preview.stdout.contains("\"line\":4"), "\(preview.stdout)")
            #expect(preview.stderr.contains("1 filtered out by where: before them"), "\(preview.stderr)")

            let imported = try await cli.run(["import", "--json"] + arguments)
            #expect(imported.status == 1, "\(imported.stderr)")
            let summary = try JSONParser.parse(imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue
            #expect(summary?["filtered"] == .number("1") && summary?["created"] == .number("2"), "\(imported.stdout)")
            let events = await fake.store.events
            #expect(Set(events.compactMap(\.externalId)) == ["order-1", "order-2"])
            #expect(events.first { $0.externalId == "order-1" }?.input["timestamp"] == "2024-03-15T01:05:00Z")
            #expect(events.first { $0.externalId == "order-1" }?.customerId != nil)

            let status = try await cli.run(["status", "--json"])
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            #expect(total?["filtered"] == .number("1") && total?["pending"] == .number("0"), "\(status.stdout)")

            // Settled: the next run reads nothing again and sends nothing.
            let again = try await cli.run(["import"] + arguments)
            #expect(again.stderr.contains("0 created"), "\(again.stderr)")
            #expect(await fake.store.events.count == 2)

            // A changed where: is a changed mapping.
            try Data(mapping(statuses: "[paid, refunded, open]").utf8).write(to: directory.appendingPathComponent("m.yaml"))
            let changed = try await cli.run(["import"] + arguments)
            #expect(changed.status == 2, "\(changed.stderr)")
            #expect(changed.stderr.contains("the mapping changed"), "\(changed.stderr)")

            // --retry-invalid applies a fixed filter to the records it made invalid, and only to them.
            let fixed = mapping(statuses: "[paid, refunded]").replacingOccurrences(of: "%m/%d/%Y", with: "%d/%m/%Y")
            try Data(fixed.utf8).write(to: directory.appendingPathComponent("m.yaml"))
            let retried = try await cli.run(["import", "--retry-invalid"] + arguments)
            #expect(retried.status == 1, "the bad email stays invalid: \(retried.stderr)")
            #expect(retried.stderr.contains("1 created"), "\(retried.stderr)")
            #expect(await fake.store.events.first { $0.externalId == "order-4" }?.input["timestamp"] == "2024-02-13T18:00:00Z")
            #expect(await fake.store.events.count == 3)
        }
    }
}
