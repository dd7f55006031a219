/// Reads records one by one from an input.
public protocol RecordReader: AnyObject {
    /// The next record, or nil at the end of the input.
    func next() throws(InputError) -> SourceRecord?
    /// Continues reading at `offset`, which is the start of a record on physical line `line`.
    func resume(at offset: Int64, line: Int) throws(InputError)
    /// The byte offset of the first byte not yet consumed: where the next record starts.
    var position: Int64 { get }
    /// The line of the next byte not yet consumed.
    var line: Int { get }
}

/// Largest record accepted; a longer one is an invalid record.
public let maximumRecordBytes = 16 * 1024 * 1024
