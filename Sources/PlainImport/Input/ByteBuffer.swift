/// A refillable 64 KiB window over a `ByteSource` that tracks absolute offsets.
final class ChunkedBytes {
    let source: any ByteSource
    private(set) var storage: UnsafeMutableBufferPointer<UInt8>
    /// Index of the next unread byte in `storage`.
    var index = 0
    /// Number of valid bytes in `storage`.
    private(set) var count = 0
    /// Absolute offset of `storage[0]`.
    private(set) var baseOffset: Int64 = 0
    private(set) var atEnd = false

    init(source: any ByteSource, chunkSize: Int = 64 * 1024) {
        self.source = source
        self.storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
    }

    deinit { storage.deallocate() }

    /// Absolute offset of the next unread byte.
    var offset: Int64 { baseOffset + Int64(index) }

    /// Makes sure at least one unread byte is buffered; false at the end of input.
    @inline(__always)
    func fill() throws(InputError) -> Bool {
        if index < count { return true }
        if atEnd { return false }
        baseOffset += Int64(count)
        index = 0
        count = try source.read(into: UnsafeMutableRawBufferPointer(storage))
        if count == 0 { atEnd = true }
        return count > 0
    }

    /// Drops the buffer and continues at an absolute offset.
    func seek(to offset: Int64) throws(InputError) {
        if offset >= baseOffset && offset <= baseOffset + Int64(count) {
            index = Int(offset - baseOffset)
            return
        }
        try source.seek(to: offset)
        baseOffset = offset
        index = 0
        count = 0
        atEnd = false
    }
}
