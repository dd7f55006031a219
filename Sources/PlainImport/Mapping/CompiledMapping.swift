import Foundation

/// The one mapping engine (SPEC §4, §7.3, §7.5, §7.7): a mapping compiled once per source (for
/// a CSV header's column positions, or for an NDJSON / JSON source's field paths) into flat
/// buffers of literal bytes and field references. It renders a record straight into the JSON
/// bytes of the event's input, checks every rule a mapped event can still break (missing
/// fields, empty identifiers and titles, timestamps, Plain's documented limits) and names the
/// first problem itself, with its field and message.
///
/// The same program gives the event `import` sends and `preview` draws (`event(for:)`), and the
/// verdict `validate` and `check` give (`problem(in:)`, which writes no JSON). Which problem is
/// named when a record has several is fixed: the first missing field or empty value in the
/// order the mapping file is rendered (customer or thread, upsert, title, components, timestamp,
/// externalId), else the first broken limit, component by component (a copy button's tooltip
/// before its value, a row's aside before its main content).
public struct CompiledMapping: Sendable {
    /// Where bytes or entries lie in one of the program's buffers.
    struct Span: Sendable {
        var start: Int
        var count: Int
        var range: Range<Int> { start..<start + count }
    }

    /// One piece of a compiled template: literal bytes, or a field of the record (`field` is its
    /// index in `fieldNames`, the name as the template writes it).
    enum Piece: Sendable {
        case literal(Span)
        /// A column of a CSV row; `filters` is a span of `steps`.
        case column(Int, field: Int, optional: Bool, filters: Span)
        /// A dotted path into an NDJSON / JSON object.
        case path(field: Int, optional: Bool, filters: Span)
        /// A field the CSV header does not have: missing in every row (unless a filter gives it a default).
        case absent(field: Int, optional: Bool, filters: Span)
    }

    /// What a one-string component checks of its rendered value.
    enum Check: Sendable {
        case none
        /// At most `limit` UTF-16 units; `label` is its field as a problem names it
        /// (`componentText.text`), an index in `labels`.
        case length(Int, label: Int)
        /// A timestamp, sent as ISO 8601 UTC.
        case timestamp
    }

    /// A component. Every payload is plain numbers (spans into the buffers), so that rendering
    /// on several threads at once copies no reference and counts none.
    enum Part: Sendable {
        /// A component holding one rendered string, left out when it renders empty: `open`, the
        /// string (or, for a timestamp, its ISO 8601 form), `close`.
        case single(template: Span, open: Span, close: Span, check: Check)
        /// A component with no template.
        case fixed(Span)
        case linkButton(label: Span, url: Span)
        case copyButton(value: Span, tooltip: Span?)
        case workflowButton(label: Span, key: Span, identifier: Span)
        /// Spans of `parts`.
        case row(main: Span, aside: Span)
    }

    /// Who the event is about, compiled.
    enum Subject: Sendable {
        case customer(CustomerIdentifier.Key, Span, upsert: Upsert?)
        case threadId(Span)
        case threadReference(CustomerIdentifier.Key, customer: Span, externalId: Span)
        /// The mapping names no customer (or thread): every record is refused, naming `field`.
        case unmapped(field: String)
    }

    /// The `upsertCustomer:` section's templates.
    struct Upsert: Sendable {
        var fullName: Span
        var shortName: Span?
        var email: Span?
        var externalId: Span?
    }

    /// The mapping compiled; its templates' text is read only to name a problem.
    let mapping: Mapping
    let fixed: Fixed
    let literals: [UInt8]
    let pieces: [Piece]
    let parts: [Part]
    let fieldNames: [String]
    let labels: [String]
    /// Every field's filters, resolved.
    let steps: [FilterStep]
    /// The `where:` conditions: a template each, and its values.
    let conditions: [(value: Span, values: Set<[UInt8]>, negated: Bool)]
    let subject: Subject
    /// `{` and the subject's key, then the title's key.
    let head: Span
    let titleKey: Span
    let title: Span
    let components: Span
    let timestamp: Span?
    let externalId: Span?
    /// The mapping's time zone; nil for UTC (no time-zone look-up per timestamp).
    let timezone: TimeZone?
    /// Its offsets as a table (empty: UTC, or read through Foundation).
    let zoneInstants: [Int64]
    let zoneOffsets: [Int]
    /// The CSV header's width; nil when records are JSON objects.
    let columnCount: Int?

    /// `mapping` compiled for CSV rows read through the header `columns`, or, when `columns`
    /// is nil, for NDJSON / JSON objects looked up by dotted paths.
    public init(mapping: Mapping, columns: ColumnIndex?) {
        let zone = TimestampParser.isUTC(mapping.timezone) ? nil : mapping.timezone
        var compiler = Compiler(columns: columns, maps: mapping.maps, zone: zone)
        conditions = mapping.conditions.map { (compiler.template($0.value), Set($0.values.map { Array($0.utf8) }), $0.negated) }
        fixed = Fixed(&compiler)
        switch mapping.kind {
        case .customer:
            titleKey = compiler.literal("},\"title\":")
            guard let customer = mapping.customer else {
                head = compiler.literal("{")
                subject = .unmapped(field: "customer")
                break
            }
            head = compiler.literal(Array("{\"customerIdentifier\":{".utf8) + Compiler.json(customer.key.rawValue) + [UInt8(ascii: ":")])
            let upsert = mapping.upsertCustomer.map { upsert in
                Upsert(
                    fullName: compiler.template(upsert.fullName),
                    shortName: upsert.shortName.map { compiler.template($0) },
                    email: upsert.email.map { compiler.template($0) },
                    externalId: upsert.externalId.map { compiler.template($0) }
                )
            }
            subject = .customer(customer.key, compiler.template(customer.template), upsert: upsert)
        case .thread:
            if let thread = mapping.thread {
                head = compiler.literal("{")
                let customer = compiler.template(thread.customer.template)
                subject = .threadReference(thread.customer.key, customer: customer, externalId: compiler.template(thread.externalId))
                titleKey = compiler.literal("\"title\":")
            } else if let threadId = mapping.threadId {
                head = compiler.literal("{\"threadId\":")
                subject = .threadId(compiler.template(threadId))
                titleKey = compiler.literal(",\"title\":")
            } else {
                head = compiler.literal("{")
                subject = .unmapped(field: "threadId")
                titleKey = compiler.literal("\"title\":")
            }
        }
        title = compiler.template(mapping.title)
        components = compiler.parts(mapping.components)
        timestamp = mapping.timestamp.map { compiler.template($0) }
        externalId = mapping.externalId.map { compiler.template($0) }
        timezone = TimestampParser.isUTC(mapping.timezone) ? nil : mapping.timezone
        let table = ZoneOffsets(mapping.timezone)
        zoneInstants = table?.instants ?? []
        zoneOffsets = table?.offsets ?? []
        columnCount = columns?.names.count
        literals = compiler.literals
        pieces = compiler.pieces
        parts = compiler.parts
        fieldNames = compiler.fieldNames
        labels = compiler.labels
        steps = compiler.steps
        self.mapping = mapping
    }

    /// What the mapping makes of one record.
    public enum Verdict: Sendable, Equatable {
        /// It would be sent.
        case accepted
        /// It does not meet the `where:` conditions: never sent, never a failure (SPEC §15.3).
        case filtered
        /// It cannot be sent: the first problem.
        case invalid(InputProblem)
    }

    /// The event of a CSV row (nil: filtered out by `where:`), or the first problem that keeps
    /// it from being sent.
    public func event(for row: CSVRow) throws(InputProblem) -> EventInput? {
        try event(try rendered(.row(row), writing: true))
    }

    /// The event of an NDJSON / JSON object (nil: filtered out by `where:`), or the first
    /// problem that keeps it from being sent.
    public func event(for object: JSONObject) throws(InputProblem) -> EventInput? {
        try event(try rendered(.object(object), writing: true))
    }

    /// What `event(for:)` finds of the CSV row, without writing the event.
    public func verdict(for row: CSVRow) -> Verdict { verdict(.row(row)) }

    /// What `event(for:)` finds of the object, without writing the event.
    public func verdict(for object: JSONObject) -> Verdict { verdict(.object(object)) }

    /// Why the CSV row would not be sent, or nil (kept or filtered).
    public func problem(in row: CSVRow) -> InputProblem? {
        if case .invalid(let problem) = verdict(.row(row)) { return problem }
        return nil
    }

    /// Why the object would not be sent, or nil (kept or filtered).
    public func problem(in object: JSONObject) -> InputProblem? {
        if case .invalid(let problem) = verdict(.object(object)) { return problem }
        return nil
    }

    private func verdict(_ record: Record) -> Verdict {
        do {
            return try rendered(record, writing: false).filtered ? .filtered : .accepted
        } catch {
            return .invalid(error)
        }
    }

    /// The event of what `rendered` wrote: what is sent is exactly the bytes the program wrote.
    private func event(_ rendered: Rendered) throws(InputProblem) -> EventInput? {
        if rendered.filtered { return nil }
        return EventInput(
            kind: mapping.kind,
            rendered: rendered.input,
            externalId: rendered.externalId,
            prerequisite: rendered.prerequisite,
            customer: rendered.customer,
            threadId: rendered.threadId
        )
    }
}
