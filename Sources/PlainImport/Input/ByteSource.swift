/// A stream of bytes read in chunks: a file, stdin or a decompressed file.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 means the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
    /// Whether `seek(to:)` works.
    var isSeekable: Bool { get }
    /// Moves to an absolute byte offset of the (decompressed) stream.
    func seek(to offset: Int64) throws(InputError)
}
