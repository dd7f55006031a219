@testable import PlainImport

/// The reference implementation's field look-up (see `RecordMapper`).
/// Looks up a template field in one record.
protocol RecordFields {
    /// The text of the field at `path`, or nil when it is missing (absent column or field, or
    /// JSON null). An empty CSV cell is present and empty.
    func text(at path: String) -> String?
}

/// A CSV row seen through its header.
struct CSVRecordFields: RecordFields {
    let columns: ColumnIndex
    let row: CSVRow

    /// The row `cells` read through the header `columns`.
    init(columns: ColumnIndex, cells: [String]) {
        self.init(columns: columns, row: CSVRow(cells: cells))
    }

    /// The `row` read through the header `columns`.
    init(columns: ColumnIndex, row: CSVRow) {
        self.columns = columns
        self.row = row
    }

    func text(at path: String) -> String? {
        guard let position = columns.position(of: path), position < row.count else { return nil }
        return row[position]
    }
}

/// An NDJSON object, looked up by dotted paths (`user.email`, `items.0.sku`).
struct JSONRecordFields: RecordFields {
    let object: JSONObject

    /// The NDJSON `object` read by dotted paths.
    init(object: JSONObject) { self.object = object }

    func text(at path: String) -> String? {
        if let direct = object[path] { return Self.render(direct) }
        var current = JSONValue.object(object)
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case .object(let members):
                guard let next = members[String(segment)] else { return nil }
                current = next
            case .array(let elements):
                guard let position = Int(segment), position >= 0, position < elements.count else { return nil }
                current = elements[position]
            default:
                return nil
            }
        }
        return Self.render(current)
    }

    /// Values are inserted verbatim: strings as they are, numbers as written, objects and
    /// arrays as compact JSON. Null is missing.
    static func render(_ value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .string(let text): text
        case .number(let literal): literal
        case .bool(let flag): flag ? "true" : "false"
        case .array, .object: JSONWriter.string(value)
        }
    }
}
