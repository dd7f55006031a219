/// A source as the journal knows it.
public struct JournalSource: Sendable, Hashable {
    public let id: Int64
    public let path: String
    public let size: Int64
    public let headHash: String
    public let headLength: Int
    public let format: String
    /// Fingerprint of the mapping used when the source was begun; nil for native NDJSON.
    public let mappingFingerprint: String?
    /// Byte offset of the first record not yet settled, and its line.
    public let checkpointOffset: Int64
    public let checkpointLine: Int
    /// Where the (decompressed) bytes ended when a run last read the source to its end, with
    /// the file at `size`; nil when never read to the end or the size changed since.
    public let endOffset: Int64?
}
