/// Turns the records of one source into events: checks CSV row shape (SPEC §7.4), applies the
/// mapping or reads native inputs, and keeps the record as read for `failures`.
public struct RecordInterpreter: Sendable {
    /// What became of one record.
    public enum Outcome: Sendable {
        case event(EventInput)
        /// The record does not meet the mapping's `where:` conditions (SPEC §15.3).
        case filtered
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

    /// What `interpret` finds of `record`, without writing the event (SPEC §3 `validate`).
    public func verdict(for record: SourceRecord) -> CompiledMapping.Verdict {
        // `storage.mapping?` borrows the program: the lanes interpreting at once share this
        // storage, and copies would count references from each.
        switch record.content {
        case .broken(let reason, _):
            return .invalid(InputProblem(field: nil, message: reason))
        case .fields(let row):
            guard storage.columns != nil else { return .invalid(Self.unmappedCSV) }
            return storage.mapping?.verdict(for: row) ?? .invalid(Self.unmappedCSV)
        case .object(let object):
            guard storage.mapping != nil else { return NativeInputReader.problem(in: object).map { .invalid($0) } ?? .accepted }
            return storage.mapping?.verdict(for: object) ?? .accepted
        }
    }

    /// Why `record` would not be sent, or nil when it would or is filtered out.
    public func problem(in record: SourceRecord) -> InputProblem? {
        if case .invalid(let problem) = verdict(for: record) { return problem }
        return nil
    }

    /// The event of `record`, or why it is invalid.
    public func interpret(_ record: SourceRecord) -> Outcome {
        do throws(InputProblem) {
            switch record.content {
            case .broken(let reason, _):
                return .invalid(InputProblem(field: nil, message: reason))
            case .fields(let row):
                guard let mapping = storage.mapping, storage.columns != nil else { return .invalid(Self.unmappedCSV) }
                return try mapping.event(for: row).map(Outcome.event) ?? .filtered
            case .object(let object):
                guard let mapping = storage.mapping else { return .event(try NativeInputReader.event(from: object)) }
                return try mapping.event(for: object).map(Outcome.event) ?? .filtered
            }
        } catch {
            return .invalid(error)
        }
    }

    private static let unmappedCSV = InputProblem(field: nil, message: "a CSV input needs a mapping file")

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
