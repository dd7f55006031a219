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
        /// The mapping compiled for this source; nil: native NDJSON inputs.
        let mapping: CompiledMapping?
        let columns: ColumnIndex?

        init(mapping: Mapping?, columns: ColumnIndex?) {
            self.mapping = mapping.map { CompiledMapping(mapping: $0, columns: columns) }
            self.columns = columns
        }
    }

    private let storage: Storage
    private var columns: ColumnIndex? { storage.columns }

    /// Interprets records with `mapping` (nil: native NDJSON inputs); `columns` is the CSV
    /// header (or the mapping's `columns:`), nil for NDJSON.
    public init(mapping: Mapping?, columns: ColumnIndex?) {
        storage = Storage(mapping: mapping, columns: columns)
    }

    /// Why `record` would not be sent, or nil when it would: what `interpret` finds, without
    /// writing the event (SPEC §3 `validate`).
    public func problem(in record: SourceRecord) -> InputProblem? {
        // `storage.mapping?` borrows the program: the lanes interpreting at once share this
        // storage, and copies would count references from each.
        switch record.content {
        case .broken(let reason, _):
            return InputProblem(field: nil, message: reason)
        case .fields(let row):
            guard storage.mapping != nil, storage.columns != nil else { return Self.unmappedCSV }
            return storage.mapping?.problem(in: row)
        case .object(let object):
            guard storage.mapping != nil else { return NativeInputReader.problem(in: object) }
            return storage.mapping?.problem(in: object)
        }
    }

    /// The event of `record`, or why it is invalid.
    public func interpret(_ record: SourceRecord) -> Outcome {
        do throws(InputProblem) {
            switch record.content {
            case .broken(let reason, _):
                return .invalid(InputProblem(field: nil, message: reason))
            case .fields(let row):
                guard let mapping = storage.mapping, storage.columns != nil else { return .invalid(Self.unmappedCSV) }
                return .event(try mapping.event(for: row))
            case .object(let object):
                guard let mapping = storage.mapping else { return .event(try NativeInputReader.event(from: object)) }
                return .event(try mapping.event(for: object))
            }
        } catch {
            return .invalid(error)
        }
    }

    private static let unmappedCSV = InputProblem(field: nil, message: "CSV input needs a mapping (--mapping)")

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
