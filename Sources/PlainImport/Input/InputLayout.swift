/// How records lie in an input, beyond its format: the CSV layout, and for a JSON file the
/// member path of its array of records (SPEC §15.1). Given by the mapping; the readers take it.
public struct InputLayout: Sendable, Hashable {
    /// The CSV layout (nil: the defaults).
    public var csv: CSVOptions?
    /// The members leading to a JSON file's array of records (empty: the top-level array).
    public var jsonRecords: [String]

    /// A layout of `csv` and `jsonRecords`.
    public init(csv: CSVOptions? = nil, jsonRecords: [String] = []) {
        self.csv = csv
        self.jsonRecords = jsonRecords
    }
}
