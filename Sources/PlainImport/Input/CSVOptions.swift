/// How a CSV input is laid out (SPEC §4 `csv:`).
public struct CSVOptions: Sendable, Hashable {
    /// The single-byte field delimiter.
    public var delimiter: UInt8
    /// Whether line 1 names the columns.
    public var header: Bool
    /// Column names when there is no header line.
    public var columns: [String]?

    /// CSV options; see the properties.
    public init(delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true, columns: [String]? = nil) {
        self.delimiter = delimiter
        self.header = header
        self.columns = columns
    }
}
