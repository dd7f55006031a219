import Foundation

@testable import PlainImport

/// The reference implementation's field look-up (see `RecordMapper`).
/// Looks up a template field in one record.
protocol RecordFields {
    /// The text of the field at `path`, or nil when it is missing (absent column or field, or
    /// JSON null). An empty CSV cell is present and empty.
    func text(at path: String) -> String?
    /// The mapping's `maps:` tables and zone, for templates' filters (nil: no filters apply).
    var filterContext: FilterContext? { get }
}

/// What a template's filters need of the mapping.
struct FilterContext {
    var maps: [String: [String: String]]
    var zone: TimeZone?
}

extension RecordFields {
    var filterContext: FilterContext? { nil }
}

/// A record read with a mapping's filter context.
struct MappedFields<Base: RecordFields>: RecordFields {
    let base: Base
    let context: FilterContext

    func text(at path: String) -> String? { base.text(at: path) }
    var filterContext: FilterContext? { context }
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

/// An NDJSON object, looked up by dotted paths (`user.email`, `items.0.sku`) as the engine looks
/// them up (`JSONFieldPath`): the reference holds the engine to its mapping rules, not to how a
/// path is read.
struct JSONRecordFields: RecordFields {
    let object: JSONObject

    /// The NDJSON `object` read by dotted paths.
    init(object: JSONObject) { self.object = object }

    func text(at path: String) -> String? { JSONFieldPath.text(at: path, in: object) }
}
