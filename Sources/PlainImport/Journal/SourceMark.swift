/// A place in a source where reading can start: a byte offset, its line, and the checksum of
/// the bytes before it when known (SPEC §13.1).
public struct SourceMark: Sendable, Hashable {
    public var offset: Int64
    public var line: Int
    public var checksum: PrefixChecksum?

    /// A mark at `offset` on `line`, with the checksum of the bytes before it.
    public init(offset: Int64, line: Int, checksum: PrefixChecksum?) {
        self.offset = offset
        self.line = line
        self.checksum = checksum
    }
}

/// A source's progress, committed with the records it covers: the checkpoint (the first record
/// not settled) and how far reading got.
public struct SourceProgress: Sendable, Hashable {
    public var checkpoint: SourceMark
    public var read: SourceMark

    /// Progress with this checkpoint and read mark.
    public init(checkpoint: SourceMark, read: SourceMark) {
        self.checkpoint = checkpoint
        self.read = read
    }
}
