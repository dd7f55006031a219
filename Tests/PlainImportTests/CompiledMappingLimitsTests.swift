import Testing

@testable import PlainImport

/// The engine checks only Plain's limits on the strings it rendered; on every record it must
/// find exactly what the generic input rules find on the whole input (built by the reference).
@Suite struct CompiledMappingLimitsTests {
    static let mapping = """
        customer: { email: "{{email}}" }
        title: "{{title}}"
        components:
          - text: "{{a}}"
          - plainText: "{{b}}"
          - linkButton: { label: "{{c}}", url: "{{url}}" }
          - badge: { label: "{{c}}", color: GREEN }
          - copyButton: { value: "{{d}}", tooltip: "{{c}}" }
          - workflowButton: { label: "{{b}}", workflowKey: "refund" }
          - row: { main: [ { text: "{{a}}" }, { linkButton: { label: "{{c}}", url: "{{url2}}" } } ], aside: [ { copyButton: { value: "{{d}}" } }, { badge: "{{c}}" } ] }
        """

    @Test func sameFirstProblemAsTheGenericRules() throws {
        let mapping = try MappingParser.parse(Self.mapping, file: "m.yaml")
        let mapper = RecordMapper(mapping: mapping)
        let columns = ColumnIndex(names: ["email", "title", "a", "b", "c", "d", "url", "url2"])
        let engine = CompiledMapping(mapping: mapping, columns: columns)
        var generator = SeededGenerator()
        let lengths = [0, 1, 499, 500, 501, 999, 1000, 1001, 9_999, 10_000, 10_001]
        let urls = ["https://example.com/x", "http://a", "ftp://x", "https://a b", "", "https://:1", "javascript:alert(1)"]
        var found = 0
        for _ in 0..<600 {
            func text() -> String {
                let length = lengths.randomElement(using: &generator) ?? 1
                return String(repeating: Bool.random(using: &generator) ? "x" : "é", count: length)
            }
            let cells = [
                "a@example.com", "t", text(), text(), text(), text(), urls.randomElement(using: &generator) ?? "",
                urls.randomElement(using: &generator) ?? "",
            ]
            let draft = try mapper.draft(for: CSVRecordFields(columns: columns, cells: cells))
            let fast = engine.problem(in: CSVRow(cells: cells))
            let generic = EventInputRules.problem(in: draft.input, kind: .customer)
            #expect(
                fast == generic,
                "\(String(describing: fast)) vs \(String(describing: generic)) for \(cells.map { "\($0.prefix(12))… (\($0.count))" }) (\(generator.replay))"
            )
            if fast != nil { found += 1 }
        }
        #expect(found > 100, "the records must break limits often enough to compare: \(found)")
    }
}
