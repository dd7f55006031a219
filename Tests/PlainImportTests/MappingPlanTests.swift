import Foundation
import Testing

@testable import PlainImport

/// The compiled mapping renders rows straight to the bytes that are sent. On every row it must
/// agree with `RecordMapper`: it renders exactly the rows the mapper accepts, byte for byte
/// what `JSONWriter` writes of the mapper's input, with the same externalId; and `validate`'s
/// verdict (`RecordInterpreter.problem(in:)`) is the mapper's problem, field and message.
@Suite struct MappingPlanTests {
    static let customerMapping = """
        customer: { email: "{{email}}" }
        title: "{{title}} / {{a?}}"
        timestamp: "{{when?}}"
        externalId: "{{id?}}"
        components:
          - text: { text: "{{a}}", size: S, color: MUTED }
          - plainText: "{{b}}"
          - linkButton: { label: "{{c}}", url: "{{url}}" }
          - badge: { label: "{{c}}", color: GREEN }
          - badge: "{{b}}"
          - copyButton: { value: "{{d}}", tooltip: "{{c}}" }
          - copyButton: "{{d}}"
          - workflowButton: { label: "{{b}}", workflowKey: "{{a}}" }
          - spacer: M
          - spacer: null
          - divider: S
          - dateTime: "{{when}}"
          - user: { email: "{{email}}" }
          - text: "{{nowhere?}}"
          - row: { main: [ { text: "{{a}}" }, { linkButton: { label: "{{c}}", url: "{{url}}" } } ], aside: [ { copyButton: { value: "{{d}}" } }, { badge: "{{c}}" } ] }
          - row: { main: [ { text: "{{b}}" } ], aside: [ { dateTime: "{{when}}" } ] }
        """

    static let threadMapping = """
        event: thread
        threadId: "th_{{id}}"
        title: "{{title}}"
        components:
          - text: "{{a}}"
          - row: { main: [ { badge: "{{c}}" } ], aside: [] }
        """

    static let columns = ColumnIndex(names: ["email", "title", "a", "b", "c", "d", "url", "when", "id"])

    /// Cells chosen to break every rule now and then: empty values, escapes, 4-byte characters
    /// (two UTF-16 units), texts around every limit, URLs and timestamps good and bad.
    static func cell(_ column: String, _ generator: inout some RandomNumberGenerator) -> String {
        func pick(_ choices: [String]) -> String { choices.randomElement(using: &generator) ?? "" }
        func long() -> String {
            let length = [499, 500, 501, 999, 1000, 1001, 9_999, 10_000, 10_001].randomElement(using: &generator) ?? 1
            let unit = pick(["x", "é", "😀"])
            return String(repeating: unit, count: unit == "😀" ? length / 2 + Int.random(in: 0...1, using: &generator) : length)
        }
        switch column {
        case "url": return pick(["https://example.com/x?q=\"1\"", "http://a", "ftp://x", "https://a b", "", "https://:1", "HTTPS://É.example/ü"])
        case "when":
            return pick([
                "", "2024-06-22T14:34:00", "2024-06-22 14:34", "2024-06-22", "1718000000", "1718000000123", "12345678901", "soon",
                " 2024-01-01T00:00:00Z ", "2024-02-30", "2024-03-10 02:30", "2024-11-03 01:30", "2024-03-31T01:30:00",
                "2024-10-27T01:30:00", "1895-06-01T12:00:00", "2150-01-01T00:00:00", "1916-05-21T02:30:00",
            ])
        case "email", "title", "id": return pick(["", "a@example.com", "Ada \"Lovelace\"", "tab\there", "x\\y", "😀"])
        default:
            if Int.random(in: 0..<5, using: &generator) == 0 { return long() }
            return pick(["", "x", "é", "line\nbreak", "ctl\u{1}", "quote\"", "back\\slash", "😀 ok", "  spaced  "])
        }
    }

    /// The customer mapping read in zones with daylight saving time, a half-hour offset and
    /// historic changes: local times go through the plan's zone table.
    static let zonedMappings = ["Europe/London", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kolkata"].map {
        customerMapping.replacingOccurrences(of: "timestamp: \"{{when?}}\"", with: "timestamp: \"{{when?}}\"\ntimezone: \($0)")
    }

    @Test(arguments: [customerMapping, threadMapping] + zonedMappings)
    func rendersExactlyWhatTheMapperAccepts(_ text: String) throws {
        let mapping = try MappingParser.parse(text, file: "m.yaml")
        let mapper = RecordMapper(mapping: mapping)
        let plan = try #require(MappingPlan(mapping: mapping, columns: Self.columns))
        let interpreter = RecordInterpreter(mapping: mapping, columns: Self.columns)
        var generator = SeededGenerator()
        var accepted = 0
        var refused = 0
        for line in 0..<3_000 {
            let cells = Self.columns.names.map { Self.cell($0, &generator) }
            let shown = "\(cells.map { $0.count > 40 ? "\($0.prefix(20))… (\($0.count) characters)" : $0 }) (\(generator.replay))"
            let row = CSVRow(cells: cells)
            let expected: Result<EventInput, InputProblem> = Result { () throws(InputProblem) in
                try mapper.event(for: CSVRecordFields(columns: Self.columns, cells: cells))
            }
            let rendered = try? plan.render(row)
            #expect(plan.accepts(row) == (rendered != nil), "checking only finds what rendering finds: \(shown)")
            switch expected {
            case .success(let event):
                let output = try #require(rendered, "the plan refused a row the mapper accepts: \(shown)")
                #expect(output.input == JSONWriter.bytes(.object(event.input)), "\(shown)")
                if output.externalId != nil { #expect(output.externalId == event.externalId, "\(shown)") }
                accepted += 1
            case .failure:
                #expect(rendered == nil, "the plan accepted a row the mapper refuses: \(shown)")
                refused += 1
            }
            let record = SourceRecord(line: line + 2, offset: 0, endOffset: 1, content: .fields(row))
            var interpreted: InputProblem?
            if case .invalid(let problem) = interpreter.interpret(record) { interpreted = problem }
            #expect(interpreter.problem(in: record) == interpreted, "\(shown)")
        }
        #expect(accepted > 100 && refused > 100, "both kinds of rows must be compared: \(accepted) accepted, \(refused) refused")
    }

    /// A row wider or narrower than the header is never rendered: the mapper refuses it.
    @Test func rowsOfAnotherWidthAreLeftToTheMapper() throws {
        let plan = try #require(MappingPlan(mapping: try MappingParser.parse(Self.customerMapping, file: "m.yaml"), columns: Self.columns))
        let cells = ["a@example.com", "t", "x", "x", "x", "x", "https://example.com", "2024-06-22", "1"]
        #expect(plan.accepts(CSVRow(cells: cells)))
        #expect(!plan.accepts(CSVRow(cells: cells + ["extra"])))
        #expect(!plan.accepts(CSVRow(cells: Array(cells.dropLast()))))
    }

    @Test func mappingsWithPrerequisitesAreLeftToTheMapper() throws {
        let mapping = try MappingParser.parse(
            """
            customer: { email: "{{email}}" }
            upsertCustomer: { fullName: "{{title}}" }
            title: "{{title}}"
            """,
            file: "m.yaml"
        )
        #expect(MappingPlan(mapping: mapping, columns: Self.columns) == nil)
    }

    /// A zone's table reads every instant as Foundation does, across DST, half-hour and
    /// historic offset changes; UTC has none.
    @Test(arguments: [
        "Europe/London", "America/New_York", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "Africa/Casablanca",
    ])
    func zoneTablesAgreeWithFoundation(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let table = try #require(ZoneOffsets(zone), "\(identifier) is tabled")
        var generator = SeededGenerator()
        for _ in 0..<5_000 {
            let instant = Int64.random(in: ZoneOffsets.covered, using: &generator)
            #expect(
                table.offset(atUTC: instant) == zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))),
                "\(instant) (\(generator.replay))"
            )
        }
        #expect(table.offset(atUTC: ZoneOffsets.covered.upperBound) == nil, "past the table: Foundation")
        #expect(ZoneOffsets(try #require(TimeZone(identifier: "UTC"))) == nil)
    }
}
