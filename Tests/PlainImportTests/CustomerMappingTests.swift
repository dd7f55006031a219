import Testing

@testable import PlainImport

/// The `upsertCustomer:` and `thread:` sections of SPEC §9: what they send, and the mapping
/// errors found before any record is read.
@Suite struct CustomerMappingTests {
    func mapping(_ text: String) throws -> Mapping { try MappingParser.parse(text, file: "m.yaml") }

    func mappingError(_ text: String) -> MappingError? {
        do {
            _ = try mapping(text)
            return nil
        } catch let error as MappingError {
            return error
        } catch {
            return nil
        }
    }

    @Test func upsertInputLeavesOutEmptyOptionalFieldsAndNeverUpdates() throws {
        let parsed = try mapping(
            """
            customer: { email: "{{email}}" }
            upsertCustomer: { fullName: "{{name}}", shortName: "{{first?}}", externalId: "{{id?}}" }
            title: "t"
            """
        )
        let columns = ColumnIndex(names: ["email", "name", "first", "id"])
        let event = try CompiledMapping(mapping: parsed, columns: columns).event(for: CSVRow(cells: ["Ada@Example.com", "", "", "u7"]))!
        guard case .customer(let identifier, let upsert)? = event.prerequisite else {
            Issue.record("no upsert")
            return
        }
        #expect(identifier.journalKey == "emailAddress:ada@example.com", "emails compare without case")
        #expect(
            JSONWriter.string(.object(upsert))
                == #"{"identifier":{"emailAddress":"Ada@Example.com"},"onCreate":{"fullName":"Ada@Example.com","#
                + #""email":{"email":"Ada@Example.com","isVerified":false},"externalId":"u7"},"onUpdate":{}}"#
        )
    }

    @Test func mappingErrorsNameTheLine() {
        let byId = mappingError(
            """
            customer: { id: "{{id}}" }
            upsertCustomer: { fullName: "{{name}}" }
            title: "t"
            """
        )
        #expect(byId?.line == 2 && byId?.message.contains("email or externalId") == true, "\(String(describing: byId))")
        let noEmail = mappingError(
            """
            customer: { externalId: "{{id}}" }
            upsertCustomer: { fullName: "{{name}}" }
            title: "t"
            """
        )
        #expect(noEmail?.message.contains("needs email:") == true, "\(String(describing: noEmail))")
        let inThread = mappingError(
            """
            event: thread
            threadId: "{{t}}"
            upsertCustomer: { fullName: "{{name}}" }
            title: "t"
            """
        )
        #expect(inThread?.line == 3, "\(String(describing: inThread))")
        let both = mappingError(
            """
            event: thread
            threadId: "{{t}}"
            thread: { externalId: "{{t}}", customer: { email: "{{e}}" } }
            title: "t"
            """
        )
        #expect(both?.message.contains("not both") == true, "\(String(describing: both))")
        let noCustomer = mappingError(
            """
            event: thread
            thread: { externalId: "{{t}}" }
            title: "t"
            """
        )
        #expect(noCustomer?.line == 2 && noCustomer?.message.contains("customer:") == true, "\(String(describing: noCustomer))")
    }

    @Test func aThreadByItsOwnIdIsSentWithPlainsId() throws {
        let parsed = try mapping(
            """
            event: thread
            thread: { externalId: "{{ticket}}", customer: { externalId: "{{user}}" } }
            title: "{{title}}"
            """
        )
        let columns = ColumnIndex(names: ["ticket", "user", "title"])
        let event = try CompiledMapping(mapping: parsed, columns: columns).event(for: CSVRow(cells: ["T-9", "u1", "Hello"]))!
        #expect(event.awaitsThread)
        #expect(event.prerequisite == .thread(customer: CustomerIdentifier(key: .externalId, value: "u1"), externalId: "T-9"))
        let sent = event.onThread("th_9")
        #expect(!sent.awaitsThread)
        #expect(sent.input["threadId"] == "th_9")
        #expect(sent.externalId == EventInput.derivedExternalId(kind: .thread, input: sent.input))
        #expect(sent.externalId != event.externalId)

        let empty = #expect(throws: InputProblem.self) {
            try CompiledMapping(mapping: parsed, columns: columns).event(for: CSVRow(cells: ["", "u1", "Hello"]))!
        }
        #expect(empty?.field == "thread.externalId")
    }
}
