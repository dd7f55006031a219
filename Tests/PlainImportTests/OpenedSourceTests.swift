import Foundation
import PlainFake
import Testing

@testable import PlainImport

/// SPEC §12.15: a required `{{x}}` that names no column of a CSV header is a mapping error at
/// the mapping's line, found before any record is read; `{{x?}}` may name a missing column.
@Suite struct OpenedSourceTests: ImportTestSuite {
    let directory = temporaryDirectory()

    static let yaml = """
        customer: { email: "{{email}}" }
        title: "{{event}}"
        timestamp: "{{occurred_at}}"
        components:
          - text: "{{note?}}"
          - badge: { label: "{{plan}}" }
        """

    @Test func aMissingColumnIsAMappingErrorAtItsLine() throws {
        let mapping = try MappingParser.parse(Self.yaml, file: "m.yaml")
        #expect(throws: Never.self) { try mapping.checkColumns(ColumnIndex(names: ["email", "event", "occurred_at", "plan"])) }

        let error = try #require(throws: MappingError.self) { try mapping.checkColumns(ColumnIndex(names: ["email", "occurred_at", "plan"])) }
        #expect(error.line == 2)
        #expect(error.description.hasPrefix("m.yaml:2: title: {{event}} names no column of the CSV header (email, occurred_at, plan)"))
        #expect(error.description.contains("{{event?}}"))

        let two = try #require(throws: MappingError.self) { try mapping.checkColumns(ColumnIndex(names: ["email", "event"])) }
        #expect(two.line == 3)
        #expect(two.description.contains("also missing: {{plan}} (line 6)"))
    }

    /// The `thread:` and `upsertCustomer:` templates are checked too, at their lines.
    @Test func threadAndUpsertTemplatesNeedTheirColumns() throws {
        let upsert = try MappingParser.parse(
            """
            customer: { email: "{{email}}" }
            upsertCustomer: { fullName: "{{name}}", externalId: "{{crm_id}}" }
            title: "{{event}}"
            """,
            file: "u.yaml"
        )
        #expect(throws: Never.self) { try upsert.checkColumns(ColumnIndex(names: ["email", "name", "crm_id", "event"])) }
        let missing = try #require(throws: MappingError.self) { try upsert.checkColumns(ColumnIndex(names: ["email", "name", "event"])) }
        #expect(missing.line == 2)
        #expect(missing.description.contains("upsertCustomer.externalId: {{crm_id}} names no column"), "\(missing)")

        let thread = try MappingParser.parse(
            """
            event: thread
            thread: { externalId: "{{ticket}}", customer: { email: "{{email}}" } }
            title: "{{event}}"
            """,
            file: "t.yaml"
        )
        let noTicket = try #require(throws: MappingError.self) { try thread.checkColumns(ColumnIndex(names: ["email", "event"])) }
        #expect(noTicket.description.contains("thread.externalId: {{ticket}} names no column"), "\(noTicket)")
    }

    @Test func noOptionalHintForTimestamp() throws {
        let mapping = try MappingParser.parse(Self.yaml, file: "m.yaml")
        let error = try #require(throws: MappingError.self) { try mapping.checkColumns(ColumnIndex(names: ["email", "event", "plan"])) }
        #expect(error.line == 3)
        #expect(error.description.contains("timestamp: {{occurred_at}} names no column"))
        #expect(!error.description.contains("?}}"), "\(error)")

        // NDJSON fields are judged record by record; the timestamp's message offers no hint either.
        let ndjson = JSONObject(["email": "a@example.com", "event": "e", "plan": "p"])
        #expect(throws: InputProblem(field: "occurred_at", message: "is missing")) {
            try CompiledMapping(mapping: mapping, columns: nil).event(for: ndjson)
        }
    }

    @Test func validateStopsBeforeAnyRecordIsRead() throws {
        let mapping = try MappingParser.parse(Self.yaml, file: "m.yaml")
        let good = write("email,event,occurred_at,plan\n,no email,2024-01-01,Pro\n", to: "a.csv", in: directory)
        let rows = (1...50).map { "a\($0)@example.com,2024-01-01,Pro" }.joined(separator: "\n")
        let bad = write("email,occurred_at,plan\n\(rows)\n", to: "b.csv", in: directory)
        var reported = 0
        let error = try #require(throws: InputError.self) {
            try Validator(mapping: mapping).validate(try InputFile.expand([good, bad], format: nil)) { _ in reported += 1 }
        }
        #expect(reported == 0, "no record is read before the mapping error")
        #expect(error.reason.hasPrefix("m.yaml:2: title: {{event}} names no column"), "\(error)")
        #expect(error.path.hasSuffix("b.csv"))
    }

    @Test func importSendsNothingAndReadsNoRecord() async throws {
        let mappingPath = write(Self.yaml, to: "m.yaml", in: directory)
        let csv = write("email,event,occurred_at\na@example.com,paid,2024-01-01\nb@example.com,paid,2024-01-02\n", to: "c.csv", in: directory)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let error = await #expect(throws: ImportError.self) { try await run(try configuration(fake, inputs: [csv], mapping: mappingPath)) }
            #expect("\(error.map { "\($0)" } ?? "")".contains("m.yaml:6: components[1].badge.label: {{plan}} names no column"))
            #expect(await fake.store.requests == 0)
            let failures = try Journal(path: journalPath, readOnly: true).failures()
            #expect(failures.isEmpty, "no record became invalid")
        }
    }
}
