/// One record read from an input, with where it starts.
public struct SourceRecord: Sendable {
    /// What the record holds.
    public enum Content: Sendable {
        /// A CSV row's cells, in column order.
        case fields(CSVRow)
        /// A parsed NDJSON object.
        case object(JSONObject)
        /// A record that could not be read: why, and its raw text (possibly cut short).
        case broken(reason: String, raw: String)
    }

    /// The physical line the record starts on, from 1 (SPEC §7.1).
    public let line: Int
    /// The byte offset of the record's first byte.
    public let offset: Int64
    /// The byte offset just after the record and its line ending.
    public let endOffset: Int64
    public let content: Content

    /// The most of a broken record's raw text a reader keeps (the start of it): an oversized
    /// record is described by its size, not carried whole.
    public static let rawPrefixBytes = 4 * 1024

    /// A record starting on `line` at `offset`, ending before `endOffset`.
    public init(line: Int, offset: Int64, endOffset: Int64, content: Content) {
        self.line = line
        self.offset = offset
        self.endOffset = endOffset
        self.content = content
    }
}
