/// Looks up a template field in one record.
public protocol RecordFields {
    /// The text of the field at `path`, or nil when it is missing (absent column or field, or
    /// JSON null). An empty CSV cell is present and empty.
    func text(at path: String) -> String?
}

/// A CSV row seen through its header.
public struct CSVRecordFields: RecordFields {
    let columns: ColumnIndex
    let row: CSVRow

    /// The row `cells` read through the header `columns`.
    public init(columns: ColumnIndex, cells: [String]) {
        self.init(columns: columns, row: CSVRow(cells: cells))
    }

    /// The `row` read through the header `columns`.
    public init(columns: ColumnIndex, row: CSVRow) {
        self.columns = columns
        self.row = row
    }

    public func text(at path: String) -> String? {
        guard let position = columns.position(of: path), position < row.count else { return nil }
        return row[position]
    }
}

/// Column name to position, built once per CSV source. The first of repeated names wins.
public struct ColumnIndex: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    /// The positions of the columns `names`, in order.
    public init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() where positions[name] == nil { positions[name] = position }
        self.positions = positions
    }

    /// The position of the column `name`, or nil when the header has none.
    public func position(of name: String) -> Int? { positions[name] }
}

/// An NDJSON object, looked up by dotted paths (`user.email`, `items.0.sku`).
public struct JSONRecordFields: RecordFields {
    let object: JSONObject

    /// The NDJSON `object` read by dotted paths.
    public init(object: JSONObject) { self.object = object }

    public func text(at path: String) -> String? {
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
