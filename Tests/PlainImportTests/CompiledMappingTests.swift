import Foundation
import Testing

@testable import PlainImport

/// The one mapping engine renders records straight to the bytes that are sent. On every record
/// it must agree with the reference implementation kept in the tests (`RecordMapper`): the
/// same event, byte for byte what `JSONWriter` writes of the reference's input, or the same
/// problem, field and message; and `validate`'s verdict is the same problem.
@Suite struct CompiledMappingTests {
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
        case "email":
            return pick([
                "", "a@example.com", "Ada@Example.COM", "é@example.org", " a@example.com", "a b@example.com", "a@@b", "😀", "a@\u{301}example.com",
                "@\u{301}a@example.com",
            ])
        case "title", "id": return pick(["", "a@example.com", "Ada \"Lovelace\"", "tab\there", "x\\y", "😀"])
        default:
            if Int.random(in: 0..<5, using: &generator) == 0 { return long() }
            return pick(["", "x", "é", "line\nbreak", "ctl\u{1}", "quote\"", "back\\slash", "😀 ok", "  spaced  "])
        }
    }

    /// The customer mapping read in zones with daylight saving time, a half-hour offset and
    /// historic changes: local times go through the engine's zone table.
    static let zonedMappings = ["Europe/London", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kolkata"].map {
        customerMapping.replacingOccurrences(of: "timestamp: \"{{when?}}\"", with: "timestamp: \"{{when?}}\"\ntimezone: \($0)")
    }

    /// Mappings with a prerequisite: customers made sure of, threads named by the workspace's id.
    static let upsertMapping = """
        customer: { email: "{{email}}" }
        upsertCustomer: { fullName: "{{title}}", shortName: "{{a?}}", externalId: "{{id?}}" }
        title: "{{title}}"
        components:
          - copyButton: { value: "{{d}}", tooltip: "{{c}}" }
        """

    static let threadReferenceMapping = """
        event: thread
        thread: { externalId: "{{id}}", customer: { email: "{{email}}" } }
        title: "{{title}}"
        timestamp: "{{when}}"
        components:
          - badge: "{{c}}"
        """

    /// Filters, `maps:` and `where:` in every kind of template (issue 22).
    static let filteredMapping = """
        customer: { email: "{{email | trim | lower}}" }
        title: "{{title | trim | default: 'Untitled' | truncate: 40}} / {{a? | upper | replace: 'X', 'y'}}"
        timestamp: "{{when? | date: '%Y-%m-%dT%H:%M:%S'}}"
        timezone: Europe/London
        externalId: "{{id? | trim | lower}}"
        maps: { kinds: { x: Ex, "é": Accent, "😀 ok": Smile } }
        where:
          - { value: "{{b? | lower}}", notIn: ["quote\\"", "ctl\\u0001"] }
        components:
          - text: "{{a | map: kinds | default: 'other'}}"
          - badge: "{{c | truncate: 10}}"
          - copyButton: { value: "{{d | trim}}", tooltip: "{{c | map: kinds}}" }
          - row: { main: [ { text: "{{b | default: 'none'}}" } ], aside: [ { badge: "{{id? | upper | default: 'no id'}}" } ] }
        """

    static let allMappings = [customerMapping, threadMapping, upsertMapping, threadReferenceMapping, filteredMapping] + zonedMappings

    /// What the reference makes of a record: its event, or its problem.
    static func expected(_ mapping: Mapping, _ fields: some RecordFields) -> Result<EventInput?, InputProblem> {
        Result { () throws(InputProblem) in try RecordMapper(mapping: mapping).event(for: fields) }
    }

    /// The engine and the reference agree on a record: the same event (and the bytes are what
    /// `JSONWriter` writes of its input) or the same problem, field and message.
    static func compare(
        _ engine: CompiledMapping,
        _ record: CompiledMapping.Record,
        _ expected: Result<EventInput?, InputProblem>,
        _ shown: String
    ) throws -> Bool {
        let actual: Result<EventInput?, InputProblem>
        let verdict: InputProblem?
        switch record {
        case .row(let row):
            actual = Result { () throws(InputProblem) in try engine.event(for: row) }
            verdict = engine.problem(in: row)
        case .object(let object):
            actual = Result { () throws(InputProblem) in try engine.event(for: object) }
            verdict = engine.problem(in: object)
        }
        switch (expected, actual) {
        case (.success(nil), .success(nil)):
            #expect((try? engine.rendered(record, writing: false))?.filtered == true, "\(shown)")
            return false
        case (.success(let event?), .success(let rendered?)):
            #expect(rendered == event, "\(shown)")
            let bytes = try engine.rendered(record, writing: true).input
            #expect(bytes == JSONWriter.bytes(.object(event.input)), "\(shown)")
            // What is sent is the engine's bytes, with the externalId spliced in: the same body
            // as `JSONWriter` writes of the reference's tree (no splice on this side).
            #expect(rendered.inputJSON == bytes)
            #expect(rendered.customer == event.customer && rendered.threadId == event.threadId, "\(shown)")
            let operation = GraphQLDocuments.operation(for: event.kind)
            let body = JSONValue.object(
                JSONObject([
                    "query": .string(operation.document),
                    "variables": .object(JSONObject(["input": .object(event.inputWithExternalId)])),
                    "operationName": .string(operation.name),
                ])
            )
            #expect(GraphQLDocuments.create(rendered).bodyBytes == JSONWriter.bytes(body), "\(shown)")
            #expect(verdict == nil, "checking only finds what rendering finds: \(shown)")
            return true
        case (.failure(let problem), .failure(let found)):
            #expect(found == problem, "\(shown)")
            #expect(verdict == problem, "checking only finds what rendering finds: \(shown)")
        default:
            Issue.record("the engine says \(actual), the reference \(expected): \(shown)")
        }
        return false
    }

    @Test(arguments: allMappings)
    func csvRowsRenderExactlyAsTheReference(_ text: String) throws {
        let mapping = try MappingParser.parse(text, file: "m.yaml")
        let engine = CompiledMapping(mapping: mapping, columns: Self.columns)
        let interpreter = RecordInterpreter(mapping: mapping, columns: Self.columns)
        var generator = SeededGenerator()
        var accepted = 0
        var refused = 0
        for line in 0..<1_200 {
            let cells = Self.columns.names.map { Self.cell($0, &generator) }
            let shown = "\(cells.map { $0.count > 40 ? "\($0.prefix(20))… (\($0.count) characters)" : $0 }) (\(generator.replay))"
            let row = CSVRow(cells: cells)
            let expected = Self.expected(mapping, CSVRecordFields(columns: Self.columns, cells: cells))
            if try Self.compare(engine, .row(row), expected, shown) { accepted += 1 } else { refused += 1 }
            let record = SourceRecord(line: line + 2, offset: 0, endOffset: 1, content: .fields(row))
            var interpreted: InputProblem?
            if case .invalid(let problem) = interpreter.interpret(record) { interpreted = problem }
            #expect(interpreter.problem(in: record) == interpreted, "\(shown)")
        }
        #expect(accepted > 40 && refused > 40, "both kinds of rows must be compared: \(accepted) accepted, \(refused) refused")
    }

    /// NDJSON / JSON records: the same fields as values of every JSON type, absent or null now
    /// and then, some under a nested object read by a dotted path.
    @Test(arguments: allMappings)
    func jsonObjectsRenderExactlyAsTheReference(_ text: String) throws {
        let nested = text.replacingOccurrences(of: "{{email", with: "{{user.email").replacingOccurrences(of: "{{a}}", with: "{{list.1}}")
            .replacingOccurrences(of: "{{a |", with: "{{list.1 |").replacingOccurrences(of: "{{a? |", with: "{{list.1? |")
        let mapping = try MappingParser.parse(nested, file: "m.yaml")
        let engine = CompiledMapping(mapping: mapping, columns: nil)
        var generator = SeededGenerator()
        var accepted = 0
        var refused = 0
        for _ in 0..<1_200 {
            var object = JSONObject()
            for name in Self.columns.names {
                let cell = Self.cell(name, &generator)
                let value: JSONValue? =
                    switch Int.random(in: 0..<30, using: &generator) {
                    case 0: nil
                    case 1: .null
                    case 2: .number("17")
                    case 3: .bool(true)
                    case 4: .array([.string(cell), .number("2.5")])
                    default: .string(cell)
                    }
                guard let value else { continue }
                switch name {
                case "email":
                    // Emails as text, or null: a number is never one, and the email rules are compared on the CSV rows too.
                    object["user"] = .object(JSONObject(["email": value == .null ? .null : .string(cell)]))
                case "a": object["list"] = .array([.string("zero"), value])
                default: object[name] = value
                }
            }
            let shown = "\(JSONWriter.string(.object(object)).prefix(300)) (\(generator.replay))"
            let expected = Self.expected(mapping, JSONRecordFields(object: object))
            if try Self.compare(engine, .object(object), expected, shown) { accepted += 1 } else { refused += 1 }
        }
        #expect(accepted > 5 && refused > 5, "both kinds of records must be compared: \(accepted) accepted, \(refused) refused")
    }

    /// A row wider or narrower than the header is refused, saying both widths.
    @Test func rowsOfAnotherWidthAreRefused() throws {
        let engine = CompiledMapping(mapping: try MappingParser.parse(Self.customerMapping, file: "m.yaml"), columns: Self.columns)
        let cells = ["a@example.com", "t", "x", "x", "x", "x", "https://example.com", "2024-06-22", "1"]
        #expect(engine.problem(in: CSVRow(cells: cells)) == nil)
        #expect(engine.problem(in: CSVRow(cells: cells + ["extra"]))?.message == "the row has 10 fields; the header has 9")
        #expect(engine.problem(in: CSVRow(cells: Array(cells.dropLast())))?.message == "the row has 8 fields; the header has 9")
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
