import Foundation

/// A mapping compiled for one CSV header: it renders a row straight into the JSON bytes of the
/// event's input (byte for byte what `JSONWriter` writes of the input `RecordMapper` builds) and
/// checks Plain's limits on the rendered strings, with no tree, no look-up by name and no string
/// per value.
///
/// It accepts only rows that `RecordMapper` accepts. Any problem at all (a missing field, an
/// empty title, a timestamp that does not parse, a broken limit) is a `Miss`: the row is then
/// left to `RecordMapper`, which names the problem with its field and message. Mappings with a
/// prerequisite (`upsertCustomer:`, `thread:`) are not compiled.
struct MappingPlan: Sendable {
    /// The row is not one the plan renders: ask `RecordMapper`.
    struct Miss: Error {}

    /// What a row the mapping accepts renders to.
    struct Rendered {
        /// The input object's JSON, without `externalId`.
        var input: [UInt8]
        /// The mapping's externalId, when it has one and it renders non-empty.
        var externalId: String?
    }

    /// Where bytes or entries lie in one of the plan's buffers.
    struct Span: Sendable {
        var start: Int
        var count: Int
        var range: Range<Int> { start..<start + count }
    }

    /// One piece of a compiled template: literal bytes, or a column of the row.
    enum Piece: Sendable {
        case literal(Span)
        case column(Int, optional: Bool)
        /// A field the header does not have: missing in every row.
        case absent(optional: Bool)
    }

    /// A component. Every payload is plain numbers (spans into the plan's buffers), so that
    /// rendering on several threads at once copies no reference and counts none.
    enum Part: Sendable {
        /// A component holding one rendered string, left out when it renders empty: `open`, the
        /// string (or, for `timestamp`, its ISO 8601 form), `close`; `limit` 0: none.
        case single(template: Span, open: Span, close: Span, limit: Int, timestamp: Bool)
        /// A component with no template.
        case fixed(Span)
        case linkButton(label: Span, url: Span)
        case copyButton(value: Span, tooltip: Span?)
        case workflowButton(label: Span, key: Span, identifier: Span)
        /// Spans of `parts`.
        case row(main: Span, aside: Span)
    }

    /// The plan's buffers, read through pointers while a row is rendered.
    private struct Buffers {
        let literals: UnsafeBufferPointer<UInt8>
        let pieces: UnsafeBufferPointer<Piece>
        let parts: UnsafeBufferPointer<Part>
        let row: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<Int>
        let zoneInstants: UnsafeBufferPointer<Int64>
        let zoneOffsets: UnsafeBufferPointer<Int>
        /// False when only the verdict is wanted: the JSON is then not written.
        let writing: Bool

        func literal(_ span: Span) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: literals[span.range]) }

        /// Appends the template at `span` rendered for the row, as `Template.render` renders
        /// it; false when a required field is missing.
        @inline(__always)
        func render(_ span: Span, into output: inout [UInt8]) -> Bool {
            for index in span.range {
                switch pieces[index] {
                case .literal(let bytes):
                    output.append(contentsOf: literal(bytes))
                case .column(let position, let optional):
                    guard position < ends.count else {
                        if optional { continue }
                        return false
                    }
                    let start = position == 0 ? 0 : ends[position - 1]
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: row[start..<ends[position]]))
                case .absent(let optional):
                    if !optional { return false }
                }
            }
            return true
        }
    }

    private let fixed: Fixed
    private let literals: [UInt8]
    private let pieces: [Piece]
    private let parts: [Part]
    private let head: Span
    private let identifier: Span
    private let title: Span
    private let components: Span
    private let timestamp: Span?
    private let externalId: Span?
    /// The mapping's time zone; nil for UTC (no time-zone look-up per timestamp).
    private let timezone: TimeZone?
    /// Its offsets as a table, read through `Buffers` (empty: UTC, or read through Foundation).
    private let zoneInstants: [Int64]
    private let zoneOffsets: [Int]
    private let isCustomer: Bool
    /// The header's width: only rows of it are rendered.
    private let columnCount: Int

    /// The plan of `mapping` for rows read through `columns`, or nil when the mapping needs
    /// what only `RecordMapper` does (a prerequisite, or no customer / thread at all).
    init?(mapping: Mapping, columns: ColumnIndex) {
        guard mapping.upsertCustomer == nil, mapping.thread == nil else { return nil }
        var compiler = Compiler(columns: columns)
        fixed = Fixed(&compiler)
        switch mapping.kind {
        case .customer:
            guard let customer = mapping.customer else { return nil }
            head = compiler.literal(Array("{\"customerIdentifier\":{".utf8) + Compiler.json(customer.key.rawValue) + [UInt8(ascii: ":")])
            identifier = compiler.template(customer.template)
        case .thread:
            guard let threadId = mapping.threadId else { return nil }
            head = compiler.literal(Array("{\"threadId\":".utf8))
            identifier = compiler.template(threadId)
        }
        title = compiler.template(mapping.title)
        components = compiler.parts(mapping.components)
        timestamp = mapping.timestamp.map { compiler.template($0) }
        externalId = mapping.externalId.map { compiler.template($0) }
        timezone = TimestampParser.isUTC(mapping.timezone) ? nil : mapping.timezone
        let table = ZoneOffsets(mapping.timezone)
        zoneInstants = table?.instants ?? []
        zoneOffsets = table?.offsets ?? []
        isCustomer = mapping.kind == .customer
        columnCount = columns.names.count
        literals = compiler.literals
        pieces = compiler.pieces
        parts = compiler.parts
    }

    /// The row rendered, or `Miss` when `RecordMapper` is to say what is wrong with it.
    func render(_ row: CSVRow) throws(Miss) -> Rendered {
        try render(row, writing: true)
    }

    /// Whether the mapping accepts the row: what `render` finds, every check made on the
    /// rendered values, without writing the JSON (`validate` sends nothing).
    func accepts(_ row: CSVRow) -> Bool {
        (try? render(row, writing: false)) != nil
    }

    private func render(_ row: CSVRow, writing: Bool) throws(Miss) -> Rendered {
        // A row of another width than the header is the mapper's to refuse, with its message.
        guard row.count == columnCount else { throw Miss() }
        var output: [UInt8] = []
        if writing { output.reserveCapacity(row.bytes.count * 2 + 256) }
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        var id: String?
        try literals.withUnsafeBufferPointer { literals throws(Miss) in
            try pieces.withUnsafeBufferPointer { pieces throws(Miss) in
                try parts.withUnsafeBufferPointer { parts throws(Miss) in
                    try row.bytes.withUnsafeBufferPointer { bytes throws(Miss) in
                        try row.ends.withUnsafeBufferPointer { ends throws(Miss) in
                            try zoneInstants.withUnsafeBufferPointer { zoneInstants throws(Miss) in
                                try zoneOffsets.withUnsafeBufferPointer { zoneOffsets throws(Miss) in
                                    let buffers = Buffers(
                                        literals: literals,
                                        pieces: pieces,
                                        parts: parts,
                                        row: bytes,
                                        ends: ends,
                                        zoneInstants: zoneInstants,
                                        zoneOffsets: zoneOffsets,
                                        writing: writing
                                    )
                                    id = try render(buffers, &output, &scratch)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Rendered(input: output, externalId: id)
    }

    private func render(_ buffers: Buffers, _ output: inout [UInt8], _ scratch: inout [UInt8]) throws(Miss) -> String? {
        if buffers.writing { output.append(contentsOf: buffers.literal(head)) }
        try required(identifier, buffers, &scratch)
        if buffers.writing { JSONWriter.appendString(scratch, to: &output) }
        if isCustomer && buffers.writing { output.append(UInt8(ascii: "}")) }

        if buffers.writing { output.append(contentsOf: buffers.literal(fixed.titleKey)) }
        try required(title, buffers, &scratch)
        if buffers.writing { JSONWriter.appendString(scratch, to: &output) }

        if buffers.writing { output.append(contentsOf: buffers.literal(fixed.componentsKey)) }
        var first = true
        for index in components.range { try render(buffers.parts[index], buffers, &output, &scratch, first: &first) }
        if buffers.writing { output.append(UInt8(ascii: "]")) }

        if let timestamp {
            scratch.removeAll(keepingCapacity: true)
            guard buffers.render(timestamp, into: &scratch) else { throw Miss() }
            if !scratch.isEmpty {
                if buffers.writing { output.append(contentsOf: buffers.literal(fixed.timestampKey)) }
                try appendTimestamp(scratch, buffers, &output)
            }
        }
        if buffers.writing { output.append(UInt8(ascii: "}")) }

        guard let externalId else { return nil }
        scratch.removeAll(keepingCapacity: true)
        guard buffers.render(externalId, into: &scratch) else { throw Miss() }
        return scratch.isEmpty ? nil : String(decoding: scratch, as: UTF8.self)
    }

    /// Renders a template that must not render empty into `scratch`.
    private func required(_ template: Span, _ buffers: Buffers, _ scratch: inout [UInt8]) throws(Miss) {
        scratch.removeAll(keepingCapacity: true)
        guard buffers.render(template, into: &scratch), !scratch.isEmpty else { throw Miss() }
    }

    /// Appends one component (with its comma) unless it renders empty.
    private func render(
        _ part: Part,
        _ buffers: Buffers,
        _ output: inout [UInt8],
        _ scratch: inout [UInt8],
        first: inout Bool
    ) throws(Miss) {
        func comma() {
            if !first && buffers.writing { output.append(UInt8(ascii: ",")) }
            first = false
        }
        scratch.removeAll(keepingCapacity: true)
        switch part {
        case .single(let template, let open, let close, let limit, let isTimestamp):
            guard buffers.render(template, into: &scratch) else { throw Miss() }
            if scratch.isEmpty { return }
            if limit > 0 { try Self.check(scratch[...], limit) }
            comma()
            if buffers.writing { output.append(contentsOf: buffers.literal(open)) }
            if isTimestamp {
                try appendTimestamp(scratch, buffers, &output)
            } else {
                if buffers.writing { JSONWriter.appendString(scratch, to: &output) }
            }
            if buffers.writing { output.append(contentsOf: buffers.literal(close)) }
        case .fixed(let bytes):
            comma()
            if buffers.writing { output.append(contentsOf: buffers.literal(bytes)) }
        case .linkButton(let labelTemplate, let urlTemplate):
            guard buffers.render(labelTemplate, into: &scratch) else { throw Miss() }
            let labelEnd = scratch.count
            guard buffers.render(urlTemplate, into: &scratch) else { throw Miss() }
            let label = scratch[..<labelEnd]
            let url = scratch[labelEnd...]
            if label.isEmpty || url.isEmpty { return }
            try Self.check(label, EventInputRules.maximumLabelLength)
            guard EventInputRules.isValidURL(utf8: url) else { throw Miss() }
            comma()
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.linkButtonOpen)) }
            if buffers.writing { JSONWriter.appendString(label, to: &output) }
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.linkButtonURL)) }
            if buffers.writing { JSONWriter.appendString(url, to: &output) }
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.closeTwo)) }
        case .copyButton(let valueTemplate, let tooltipTemplate):
            guard buffers.render(valueTemplate, into: &scratch) else { throw Miss() }
            let valueEnd = scratch.count
            if valueEnd == 0 { return }
            if let tooltipTemplate { guard buffers.render(tooltipTemplate, into: &scratch) else { throw Miss() } }
            let value = scratch[..<valueEnd]
            let tooltip = scratch[valueEnd...]
            try Self.check(tooltip, EventInputRules.maximumLabelLength)
            try Self.check(value, EventInputRules.maximumCopyValueLength)
            comma()
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.copyButtonOpen)) }
            if buffers.writing { JSONWriter.appendString(value, to: &output) }
            if !tooltip.isEmpty {
                if buffers.writing { output.append(contentsOf: buffers.literal(fixed.copyButtonTooltip)) }
                if buffers.writing { JSONWriter.appendString(tooltip, to: &output) }
            }
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.closeTwo)) }
        case .workflowButton(let labelTemplate, let key, let identifierTemplate):
            guard buffers.render(labelTemplate, into: &scratch) else { throw Miss() }
            let labelEnd = scratch.count
            guard buffers.render(identifierTemplate, into: &scratch) else { throw Miss() }
            let label = scratch[..<labelEnd]
            let identifier = scratch[labelEnd...]
            if label.isEmpty || identifier.isEmpty { return }
            try Self.check(label, EventInputRules.maximumLabelLength)
            comma()
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.workflowButtonOpen)) }
            if buffers.writing { JSONWriter.appendString(label, to: &output) }
            if buffers.writing { output.append(contentsOf: buffers.literal(key)) }
            if buffers.writing { JSONWriter.appendString(identifier, to: &output) }
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.closeThree)) }
        case .row(let main, let aside):
            let mark = output.count
            let wasFirst = first
            comma()
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.rowOpen)) }
            var firstMain = true
            for index in main.range { try render(buffers.parts[index], buffers, &output, &scratch, first: &firstMain) }
            if firstMain {
                // No main content: the row is left out, aside and all.
                output.removeSubrange(mark...)
                first = wasFirst
                return
            }
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.rowAside)) }
            var firstAside = true
            for index in aside.range { try render(buffers.parts[index], buffers, &output, &scratch, first: &firstAside) }
            if buffers.writing { output.append(contentsOf: buffers.literal(fixed.rowClose)) }
        }
    }

    /// A `Miss` when the UTF-8 `text` is longer than `limit` UTF-16 code units (SPEC §7.7).
    @inline(__always)
    private static func check(_ text: ArraySlice<UInt8>, _ limit: Int) throws(Miss) {
        // UTF-16 never counts more units than UTF-8 has bytes: only long texts are counted.
        guard text.count > limit else { return }
        var units = 0
        for byte in text where byte & 0xC0 != 0x80 { units += byte >= 0xF0 ? 2 : 1 }
        if units > limit { throw Miss() }
    }

    /// Appends the timestamp `text` as ISO 8601 UTC in quotes; a local time is read in the
    /// mapping's zone through its table (Foundation only past the table's years).
    private func appendTimestamp(_ text: [UInt8], _ buffers: Buffers, _ output: inout [UInt8]) throws(Miss) {
        // Checking only: the value is still normalized (that is the check), then dropped.
        let mark = output.count
        defer { if !buffers.writing { output.removeSubrange(mark...) } }
        output.append(UInt8(ascii: "\""))
        do {
            // The closure captures only the buffers: capturing `self` would copy the plan, and
            // every lane would count references to it.
            try TimestampParser.normalize(utf8: text, into: &output, zone: timezone) { local in
                let instants = buffers.zoneInstants
                let offsets = buffers.zoneOffsets
                guard let guess = ZoneOffsets.offset(atUTC: local, instants: instants, offsets: offsets) else { return nil }
                return ZoneOffsets.offset(atUTC: local - Int64(guess), instants: instants, offsets: offsets)
            }
        } catch {
            throw Miss()
        }
        output.append(UInt8(ascii: "\""))
    }
}
