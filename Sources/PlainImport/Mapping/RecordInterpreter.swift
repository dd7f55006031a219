/// Turns the records of one source into events: checks CSV row shape (SPEC §7.4), applies the
/// mapping or reads native inputs, and keeps the record as read for `failures`.
public struct RecordInterpreter: Sendable {
    /// What became of one record.
    public enum Outcome: Sendable {
        case event(EventInput)
        case invalid(InputProblem)
    }

    /// What the interpreter holds, behind one reference: an interpreter travels with every record
    /// sent (to show it if Plain refuses it), and copying the mapping's many references at each
    /// hand-over cost more than the rest of the bookkeeping (issue 8).
    private final class Storage: Sendable {
        let mapper: RecordMapper?
        let columns: ColumnIndex?
        /// The mapping compiled for the CSV header, when it compiles.
        let plan: MappingPlan?
        /// The header's column count; nil for NDJSON.
        let columnCount: Int?
        /// Whether records are native inputs (no mapping).
        let isNative: Bool

        init(mapping: Mapping?, columns: ColumnIndex?) {
            self.mapper = mapping.map(RecordMapper.init(mapping:))
            self.columns = columns
            if let mapping, let columns { plan = MappingPlan(mapping: mapping, columns: columns) } else { plan = nil }
            columnCount = columns?.names.count
            isNative = mapping == nil
        }
    }

    private let storage: Storage
    private var mapper: RecordMapper? { storage.mapper }
    private var columns: ColumnIndex? { storage.columns }

    /// Interprets records with `mapping` (nil: native NDJSON inputs); `columns` is the CSV
    /// header (or the mapping's `columns:`), nil for NDJSON.
    public init(mapping: Mapping?, columns: ColumnIndex?) {
        storage = Storage(mapping: mapping, columns: columns)
    }

    /// Why `record` would not be sent, or nil when it would: what `interpret` finds, without
    /// building the event when the compiled mapping renders the row (SPEC §3 `validate`).
    public func problem(in record: SourceRecord) -> InputProblem? {
        // Only plain values are read here, and `plan?.accepts` borrows the plan: the lanes
        // interpreting at once share this storage, and copies would count references from each.
        if case .fields(let row) = record.content, row.count == storage.columnCount, storage.plan?.accepts(row) == true {
            return nil
        }
        if case .object(let object) = record.content, storage.isNative { return NativeInputReader.problem(in: object) }
        if case .invalid(let problem) = interpret(record) { return problem }
        return nil
    }

    /// The event of `record`, or why it is invalid.
    public func interpret(_ record: SourceRecord) -> Outcome {
        do {
            switch record.content {
            case .broken(let reason, _):
                return .invalid(InputProblem(field: nil, message: reason))
            case .fields(let row):
                guard let columns, let mapper else {
                    return .invalid(InputProblem(field: nil, message: "CSV input needs a mapping (--mapping)"))
                }
                guard row.count == columns.names.count else {
                    return .invalid(
                        InputProblem(
                            field: nil,
                            message: "the row has \(row.count) fields; the header has \(columns.names.count)"
                        )
                    )
                }
                return .event(try mapper.event(for: CSVRecordFields(columns: columns, row: row)))
            case .object(let object):
                if let mapper { return .event(try mapper.event(for: JSONRecordFields(object: object))) }
                return .event(try NativeInputReader.event(from: object))
            }
        } catch {
            return .invalid(error)
        }
    }

    /// The record as read, for `failures` (SPEC §7.2): a CSV row as header name to cell, an
    /// NDJSON object as parsed, a broken line as its text.
    public func original(_ record: SourceRecord) -> JSONValue {
        switch record.content {
        case .fields(let row):
            let cells = row.cells
            guard let columns else { return .array(cells.map(JSONValue.string)) }
            var object = JSONObject()
            object.reserveCapacity(cells.count)
            // Linear in the row's width: a row with far more cells than the header must not
            // cost a search per cell.
            var names = Set<String>(minimumCapacity: cells.count)
            for (position, cell) in cells.enumerated() {
                let name = position < columns.names.count ? columns.names[position] : "_\(position + 1)"
                if names.insert(name).inserted {
                    object.append(name, .string(cell))
                } else {
                    object[name] = .string(cell)
                }
            }
            return .object(object)
        case .object(let object):
            return .object(object)
        case .broken(_, let raw):
            return .string(raw)
        }
    }
}
