import Foundation
import Testing

@testable import PlainImport

@Suite struct MappingTests {
    func mapping(_ yaml: String) throws -> Mapping { try MappingParser.parse(yaml, file: "m.yaml") }

    /// The event the engine makes of a CSV row holding `pairs` (header name to cell).
    func event(_ mapping: Mapping, _ pairs: [String: String]) throws(InputProblem) -> EventInput {
        let names = Array(pairs.keys)
        let engine = CompiledMapping(mapping: mapping, columns: ColumnIndex(names: names))
        return try engine.event(for: CSVRow(cells: names.map { pairs[$0] ?? "" }))!
    }

    @Test func mappingErrorsNameTheLine() {
        let cases: [(String, Int, String)] = [
            ("title: x\ncustomer:\n  email: a\ntitel: y\n", 4, "unknown key \"titel\""),
            ("title: x\ncustomer:\n  email: a\ncomponents:\n  - text: { text: a, size: XXL }\n", 5, "text.size must be one of"),
            ("title: x\nevent: customer\n", 1, "needs customer:"),
            ("title: x\ncustomer:\n  email: a\n  id: b\n", 3, "exactly one of email, externalId or id"),
            ("event: thread\nthreadId: t\ncustomer:\n  email: a\ntitle: x\n", 4, "does not apply to event: thread"),
            ("title: \"{{open\"\ncustomer:\n  email: a\n", 1, "without '}}'"),
            ("title: x\ncustomer: { email: a }\ncomponents:\n  - row: { main: [ { row: { main: [] } } ] }\n", 4, "a row cannot hold a row"),
            ("title: x\ncustomer: { email: a }\ntimezone: Mars/Olympus\n", 3, "unknown timezone"),
        ]
        for (yaml, line, fragment) in cases {
            do {
                _ = try mapping(yaml)
                Issue.record("expected an error for \(yaml)")
            } catch let error as MappingError {
                #expect(error.line == line, "\(yaml)")
                #expect(error.message.contains(fragment), "\(error.message)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func allElevenComponentsRender() throws {
        let m = try mapping(
            """
            customer: { email: "{{email}}" }
            title: "{{event}}"
            components:
              - text: "Order **{{id}}**"
              - text: { text: "{{note?}}", size: S, color: MUTED }
              - plainText: { text: "raw {{id}}", size: L, color: ERROR }
              - spacer: M
              - divider: S
              - linkButton: { label: "Open", url: "https://a.example.com/{{id}}" }
              - badge: { label: "{{plan}}", color: GREEN }
              - copyButton: { value: "{{id}}", tooltip: "Copy" }
              - dateTime: "{{at}}"
              - user: { email: "{{agent}}" }
              - workflowButton: { label: "Refund", workflowKey: "refund" }
              - row: { main: [ { text: "Amount" } ], aside: [ { badge: "{{plan}}" } ] }
            """
        )
        let event = try self.event(
            m,
            [
                "email": "a@example.com", "event": "Paid", "id": "7", "note": "n", "plan": "Pro", "at": "1730140200", "agent": "s@x.com",
            ]
        )
        let components = event.input["components"]?.arrayValue ?? []
        #expect(components.count == 12)
        let keys = components.compactMap { $0.objectValue?.keys.first }
        #expect(
            Set(keys) == [
                "componentText", "componentPlainText", "componentSpacer", "componentDivider", "componentLinkButton",
                "componentBadge", "componentCopyButton", "componentDateTime", "componentUser",
                "componentWorkflowButton", "componentRow",
            ]
        )
        #expect(
            components[1]
                == .object(
                    JSONObject([
                        "componentText": .object(
                            JSONObject([
                                "text": "n", "textSize": "S", "textColor": "MUTED",
                            ])
                        )
                    ])
                )
        )
        #expect(components[8].objectValue?["componentDateTime"]?.objectValue?["dateTimeIso8601"] == "2024-10-28T18:30:00Z")
        #expect(event.input["customerIdentifier"] == .object(JSONObject(["emailAddress": "a@example.com"])))
        #expect(event.externalId.hasPrefix("pi_"))
    }

    @Test func emptyComponentsAreLeftOutAndMissingFieldsAreErrors() throws {
        let m = try mapping(
            """
            customer: { externalId: "{{cid}}" }
            title: "T"
            components:
              - text: "{{note?}}"
              - badge: "{{empty}}"
              - row: { main: [ { text: "{{note?}}" } ], aside: [ { text: "x" } ] }
              - linkButton: { label: "Open", url: "{{url?}}" }
            """
        )
        let event = try self.event(m, ["cid": "c1", "empty": ""])
        #expect(event.input["components"] == .array([]))
        #expect(event.input["customerIdentifier"] == .object(JSONObject(["externalId": "c1"])))
        #expect(throws: InputProblem(field: "cid", message: "is missing (use {{cid?}} if it may be)")) {
            try self.event(m, ["empty": ""])
        }
        #expect(throws: InputProblem(field: "customer.externalId", message: "renders empty ({{cid}})")) {
            try self.event(m, ["cid": "", "empty": ""])
        }
    }

    @Test func threadEventsAndDottedPaths() throws {
        let m = try mapping(
            """
            event: thread
            threadId: "{{thread.id}}"
            title: "{{items.0.sku}} x{{items.0.qty}}"
            externalId: "{{id}}"
            """
        )
        let object = try JSONParser.parse(#"{"id":"e1","thread":{"id":"th_1"},"items":[{"sku":"A","qty":2}],"n":null}"#).objectValue ?? JSONObject()
        let event = try CompiledMapping(mapping: m, columns: nil).event(for: object)!
        #expect(event.kind == .thread)
        #expect(event.input["threadId"] == "th_1")
        #expect(event.input["title"] == "A x2")
        #expect(event.externalId == "e1")
    }

    @Test func timestamps() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        let cases: [(String, TimeZone, String)] = [
            ("2024-10-28T18:30:00Z", utc, "2024-10-28T18:30:00Z"),
            ("2024-10-28T18:30:00+02:00", utc, "2024-10-28T16:30:00Z"),
            ("2024-10-28 18:30", utc, "2024-10-28T18:30:00Z"),
            ("2024-07-01T12:00:00", london, "2024-07-01T11:00:00Z"),
            ("2024-01-01", london, "2024-01-01T00:00:00Z"),
            ("2024-10-28T18:30:00.5-0130", utc, "2024-10-28T20:00:00.500Z"),
            ("1730140200", utc, "2024-10-28T18:30:00Z"),
            ("1730140200123", utc, "2024-10-28T18:30:00.123Z"),
            ("0", utc, "1970-01-01T00:00:00Z"),
        ]
        for (input, zone, expected) in cases {
            #expect(try TimestampParser.normalize(input, defaultZone: zone) == expected, "\(input)")
        }
        for bad in ["17301402001", "2024-02-30", "yesterday", "2024-10-28T25:00", "12345678901234"] {
            #expect(throws: TimestampParser.Invalid.self) { try TimestampParser.normalize(bad, defaultZone: utc) }
        }
    }

    @Test func fingerprintIgnoresLayoutButNotContent() throws {
        let a = try mapping("title: x\ncustomer: { email: \"{{e}}\" }\n")
        let b = try mapping("customer:\n  email: \"{{e}}\"\n\n# comment\ntitle: 'x'\n")
        let c = try mapping("title: y\ncustomer: { email: \"{{e}}\" }\n")
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
    }
}
