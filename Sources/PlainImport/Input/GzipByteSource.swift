import CZlib

/// The decompressed bytes of a gzip file (several members are read as one stream).
/// Seeking re-reads from the start and skips, so it costs a decompression of the skipped part.
public final class GzipByteSource: ByteSource {
    private let file: FileByteSource
    private var stream = z_stream()
    private var inputBuffer: UnsafeMutableRawBufferPointer
    private var finished = false
    private var position: Int64 = 0
    public let isSeekable = true

    /// Opens the gzip file at `path`.
    public init(path: String) throws(InputError) {
        self.file = try FileByteSource(path: path)
        self.inputBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        try startStream()
    }

    deinit {
        inflateEnd(&stream)
        inputBuffer.deallocate()
    }

    private func startStream() throws(InputError) {
        stream = z_stream()
        // 15 + 32: any window size, gzip or zlib header detected automatically.
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw InputError(path: file.path, reason: "cannot start gzip decompression") }
        finished = false
        position = 0
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard !finished, let base = buffer.baseAddress else { return 0 }
        stream.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out == uInt(buffer.count) {
            if stream.avail_in == 0 {
                let count = try file.read(into: inputBuffer)
                if count == 0 {
                    finished = true
                    if stream.total_in > 0, stream.avail_out == uInt(buffer.count) {
                        // Ended inside a member: the file is truncated.
                        throw InputError(path: file.path, reason: "gzip data ends unexpectedly (truncated file?)")
                    }
                    break
                }
                stream.next_in = inputBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                // Another member may follow.
                let produced = buffer.count - Int(stream.avail_out)
                let pendingInput = stream.next_in
                let pendingCount = stream.avail_in
                inflateReset(&stream)
                stream.next_in = pendingInput
                stream.avail_in = pendingCount
                if produced > 0 { break }
                continue
            }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                finished = true
                let detail = stream.msg.map { String(cString: $0) } ?? "code \(status)"
                throw InputError(path: file.path, reason: "gzip data is corrupt: \(detail)")
            }
        }
        let produced = buffer.count - Int(stream.avail_out)
        position += Int64(produced)
        return produced
    }

    public func seek(to offset: Int64) throws(InputError) {
        try file.seek(to: 0)
        inflateEnd(&stream)
        try startStream()
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { scratch.deallocate() }
        while position < offset {
            let wanted = Int(min(Int64(scratch.count), offset - position))
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<wanted]))
            if count == 0 { break }
        }
    }
}
