/// A source as the journal knows it: one version of an input file (SPEC §13).
public struct JournalSource: Sendable, Hashable {
    public let id: Int64
    public let path: String
    public let size: Int64
    /// Kept from journals made before v5; no longer read.
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
    /// Whether the source keeps checksums of what was read (false: begun before they were kept,
    /// or distrusted; its file is read as a new version).
    public let checksummed: Bool
    /// The checksum of the bytes before the checkpoint, when known.
    public let checkpointChecksum: PrefixChecksum?
    /// How far runs have read and journaled the source, with the checksum of the bytes before.
    public let read: SourceMark
    /// The file's stamp as seen before the last run read it; nil when it is not to be trusted.
    public let stamp: FileStamp?
    /// The later version of the same file that replaced this one, if any.
    public let supersededBy: Int64?

    /// The checkpoint as a mark.
    public var checkpoint: SourceMark { SourceMark(offset: checkpointOffset, line: checkpointLine, checksum: checkpointChecksum) }
}
