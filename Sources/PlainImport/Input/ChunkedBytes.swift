/// A refillable window of UTF-8 text over a `ByteSource` that tracks offsets in the file.
///
/// UTF-8 input passes through as read, 64 KiB at a time, with a leading UTF-8 BOM skipped. An
/// input in another encoding (given, or told by a UTF-16 byte order mark when none is given) is
/// transcoded into UTF-8 chunk by chunk, with a table from each UTF-8 byte back to the offset in
/// the file of the character it came from: readers work on UTF-8 and report file offsets.
final class ChunkedBytes {
    let source: any ByteSource
    private(set) var storage: UnsafeMutableBufferPointer<UInt8>
    /// Index of the next unread byte in `storage`.
    var index = 0
    /// Number of valid bytes in `storage`.
    private(set) var count = 0
    /// File offset of `storage[0]`.
    private(set) var baseOffset: Int64 = 0
    private(set) var atEnd = false
    /// The encoding being read; known after the first fill or seek.
    private(set) var encoding: TextEncoding = .utf8

    private let chunkSize: Int
    private let requested: TextEncoding?
    private var decided = false
    private var transcoder: Transcoder?
    /// When transcoding: the raw bytes read and not yet transcoded, at `raw[0..<carried]`.
    private var raw = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    private var carried = 0
    /// When transcoding: the file offset of `storage[i]` for `i` in `0...count`.
    private var fileOffsets = UnsafeMutableBufferPointer<Int64>(start: nil, count: 0)
    /// When transcoding: the file offset of the first raw byte not yet read.
    private var rawOffset: Int64 = 0

    /// Reads `source` from its start, in `encoding` (nil: UTF-8 unless a UTF-16 BOM says otherwise).
    init(source: any ByteSource, encoding: TextEncoding? = nil, chunkSize: Int = 64 * 1024) {
        self.source = source
        self.requested = encoding
        self.chunkSize = chunkSize
        self.storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
    }

    deinit {
        storage.deallocate()
        raw.deallocate()
        fileOffsets.deallocate()
    }

    /// Whether the input is read as UTF-8, byte for byte.
    var isUTF8: Bool { transcoder == nil }

    /// File offset of the next unread byte.
    var offset: Int64 { offset(at: index) }

    /// File offset of `storage[position]` (`position` up to `count`).
    @inline(__always)
    func offset(at position: Int) -> Int64 {
        transcoder == nil ? baseOffset + Int64(position) : fileOffsets[position]
    }

    /// Makes sure at least one unread byte is buffered; false at the end of input.
    @inline(__always)
    func fill() throws(InputError) -> Bool {
        if index < count { return true }
        if atEnd { return false }
        if !decided { try decide() }
        if index < count { return true }
        return transcoder == nil ? try fillPassingThrough() : try fillTranscoding()
    }

    private func fillPassingThrough() throws(InputError) -> Bool {
        baseOffset += Int64(count)
        index = 0
        count = try source.read(into: UnsafeMutableRawBufferPointer(storage))
        if count == 0 { atEnd = true }
        if baseOffset == 0 && count >= 3 && storage[0] == 0xEF && storage[1] == 0xBB && storage[2] == 0xBF { index = 3 }
        return index < count
    }

    private func fillTranscoding() throws(InputError) -> Bool {
        guard let transcoder else { return false }
        while true {
            let room = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(raw)[carried...])
            let read = try source.read(into: room)
            let available = carried + read
            let final = read == 0
            guard let rawBase = raw.baseAddress, let out = storage.baseAddress, let table = fileOffsets.baseAddress else { return false }
            let (consumed, produced) = transcoder.transcode(
                UnsafeBufferPointer(start: rawBase, count: available),
                at: rawOffset,
                into: out,
                offsets: table,
                final: final
            )
            rawOffset += Int64(consumed)
            carried = available - consumed
            if carried > 0 { (rawBase).update(from: rawBase + consumed, count: carried) }
            index = 0
            count = produced
            fileOffsets[produced] = rawOffset
            baseOffset = fileOffsets[0]
            if produced > 0 { return true }
            if final {
                atEnd = true
                return false
            }
        }
    }

    /// Settles the encoding: the one requested, else UTF-16 when the input starts with its BOM.
    private func decide() throws(InputError) {
        decided = true
        if let requested {
            if let transcoder = Transcoder(requested) { startTranscoding(transcoder, encoding: requested, carrying: 0) }
            encoding = requested
            return
        }
        // Look at the first bytes (a pipe may hand them over one at a time).
        var got = 0
        while got < 2 {
            let read = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(storage)[got...]))
            if read == 0 { break }
            got += read
        }
        let detected: TextEncoding? =
            got >= 2 && storage[0] == 0xFF && storage[1] == 0xFE
            ? .utf16LittleEndian : got >= 2 && storage[0] == 0xFE && storage[1] == 0xFF ? .utf16BigEndian : nil
        if let detected, let transcoder = Transcoder(detected) {
            encoding = detected
            startTranscoding(transcoder, encoding: detected, carrying: got)
            return
        }
        // UTF-8: what was read is the first chunk.
        baseOffset = 0
        index = 0
        count = got
        if got == 0 { atEnd = true }
        if count >= 3 && storage[0] == 0xEF && storage[1] == 0xBB && storage[2] == 0xBF { index = 3 }
    }

    /// Switches to transcoding; the first `carrying` bytes of `storage` are the input's first raw bytes.
    private func startTranscoding(_ transcoder: Transcoder, encoding: TextEncoding, carrying: Int) {
        self.transcoder = transcoder
        raw = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        if carrying > 0, let from = storage.baseAddress, let to = raw.baseAddress { to.update(from: from, count: carrying) }
        carried = carrying
        rawOffset = 0
        storage.deallocate()
        storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize * Transcoder.expansion + 8)
        fileOffsets = UnsafeMutableBufferPointer<Int64>.allocate(capacity: chunkSize * Transcoder.expansion + 9)
        fileOffsets[0] = 0
        index = 0
        count = 0
        baseOffset = 0
    }

    /// Drops the buffer and continues at a file offset (the start of a character).
    func seek(to offset: Int64) throws(InputError) {
        if !decided { try decide() }
        if transcoder == nil {
            if offset >= baseOffset && offset <= baseOffset + Int64(count) {
                index = Int(offset - baseOffset)
                return
            }
            try source.seek(to: offset)
            baseOffset = offset
            index = 0
            count = 0
            atEnd = false
            return
        }
        if count > 0 && offset >= fileOffsets[0] && offset <= fileOffsets[count] {
            // Binary search for the first decoded byte at or after `offset`.
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if fileOffsets[middle] < offset { low = middle + 1 } else { high = middle }
            }
            if fileOffsets[low] == offset {
                index = low
                return
            }
        }
        try source.seek(to: offset)
        rawOffset = offset
        carried = 0
        baseOffset = offset
        fileOffsets[0] = offset
        index = 0
        count = 0
        atEnd = false
    }
}
