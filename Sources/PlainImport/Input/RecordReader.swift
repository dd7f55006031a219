/// Reads records one by one from an input.
public protocol RecordReader: AnyObject {
    /// The next record, or nil at the end of the input.
    func next() throws(InputError) -> SourceRecord?
    /// Continues reading at `offset`, which is the start of a record on physical line `line`
    /// (or a position the reader reported after a record); `checksum` is the checksum of the
    /// file's bytes before `offset`, when the reader keeps checksums.
    func resume(at offset: Int64, line: Int, checksum: PrefixChecksum?) throws(InputError)
    /// The checksum of the file's bytes before `position` (SPEC §13.1): nil unless the reader
    /// was made to keep checksums and every resume said the checksum where it resumed.
    var checksum: PrefixChecksum? { get }
    /// The byte offset in the file of the first byte not yet consumed: where the next record starts.
    var position: Int64 { get }
    /// The line of the next byte not yet consumed.
    var line: Int { get }
    /// The first sign, among the records read so far, that an input read as UTF-8 is in another
    /// encoding (SPEC §12.18); it is handed over once, nil afterwards.
    func takeEncodingHint() -> EncodingHint?
}

extension RecordReader {
    /// Continues reading at `offset` (see `resume(at:line:checksum:)`), checksums unknown.
    public func resume(at offset: Int64, line: Int) throws(InputError) { try resume(at: offset, line: line, checksum: nil) }
}

/// Largest record accepted; a longer one is an invalid record.
public let maximumRecordBytes = 16 * 1024 * 1024
