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
    /// When transcoding: the raw bytes the current chunk was made from, at `rawChunk[0..<rawChunkCount]`.
    private var rawChunk = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    private var rawChunkCount = 0
    /// When transcoding: the file offset of `rawChunk[0]`.
    private var rawChunkStart: Int64 = 0

    /// Whether the checksum of the bytes before a position is kept (`checksum(at:)`).
    let checksumming: Bool
    /// The checksum of the file's bytes before the current chunk; nil when not known.
    private var chunkChecksum: PrefixChecksum?
    /// The checksum of the file's bytes before `chunkStart + cursor`, when known.
    private var cursor: (index: Int, checksum: PrefixChecksum)?

    /// Reads `source` from its start, in `encoding` (nil: UTF-8 unless a UTF-16 BOM says otherwise).
    /// With `checksumming`, the checksum of the bytes before any position in the current chunk
    /// is known (`checksum(at:)`) as long as every seek outside it said what it was.
    init(source: any ByteSource, encoding: TextEncoding? = nil, chunkSize: Int = 64 * 1024, checksumming: Bool = false) {
        self.source = source
        self.requested = encoding
        self.chunkSize = chunkSize
        self.checksumming = checksumming
        self.storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        if checksumming {
            chunkChecksum = PrefixChecksum()
            cursor = (0, PrefixChecksum())
        }
    }

    deinit {
        storage.deallocate()
        raw.deallocate()
        rawChunk.deallocate()
        fileOffsets.deallocate()
    }

    // MARK: - Checksums

    /// The file bytes of the current chunk, and the file offset of the first.
    private var chunkBytes: (start: Int64, bytes: UnsafeBufferPointer<UInt8>) {
        transcoder == nil
            ? (baseOffset, UnsafeBufferPointer(rebasing: storage[0..<count]))
            : (rawChunkStart, UnsafeBufferPointer(rebasing: rawChunk[0..<rawChunkCount]))
    }

    /// The checksum of the file's bytes before `offset`, a position in the current chunk; nil
    /// when not checksumming or not known (a seek that did not say it).
    func checksum(at offset: Int64) -> PrefixChecksum? {
        guard checksumming else { return nil }
        let (start, bytes) = chunkBytes
        let target = offset - start
        guard target >= 0, target <= Int64(bytes.count) else { return nil }
        let index = Int(target)
        var from: (index: Int, checksum: PrefixChecksum)
        if let cursor, cursor.index <= index {
            from = cursor
        } else if let chunkChecksum {
            from = (0, chunkChecksum)
        } else {
            return nil
        }
        if from.index < index { from.checksum.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[from.index..<index]))) }
        cursor = (index, from.checksum)
        return from.checksum
    }

    /// The current chunk is done with: the checksum moves to its end.
    private func closeChunk() {
        guard checksumming else { return }
        let (start, bytes) = chunkBytes
        chunkChecksum = checksum(at: start + Int64(bytes.count))
        cursor = chunkChecksum.map { (0, $0) }
        rawChunkCount = 0
    }

    /// Keeps `bytes`, just transcoded into the current chunk, as its raw bytes.
    private func keepRaw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard checksumming, !bytes.isEmpty else { return }
        if rawChunkCount + bytes.count > rawChunk.count {
            let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(chunkSize, rawChunkCount + bytes.count))
            if rawChunkCount > 0, let from = rawChunk.baseAddress, let to = grown.baseAddress { to.update(from: from, count: rawChunkCount) }
            rawChunk.deallocate()
            rawChunk = grown
        }
        if let to = rawChunk.baseAddress, let from = bytes.baseAddress { (to + rawChunkCount).update(from: from, count: bytes.count) }
        rawChunkCount += bytes.count
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
        closeChunk()
        baseOffset += Int64(count)
        index = 0
        count = try source.read(into: UnsafeMutableRawBufferPointer(storage))
        if count == 0 { atEnd = true }
        if baseOffset == 0 && count >= 3 && storage[0] == 0xEF && storage[1] == 0xBB && storage[2] == 0xBF { index = 3 }
        return index < count
    }

    private func fillTranscoding() throws(InputError) -> Bool {
        guard let transcoder else { return false }
        closeChunk()
        rawChunkStart = rawOffset
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
            keepRaw(UnsafeBufferPointer(start: rawBase, count: consumed))
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

    /// Drops the buffer and continues at a file offset (the start of a character). `checksum`
    /// is the checksum of the file's bytes before `offset`, when checksumming (needed only when
    /// `offset` lies outside the current chunk).
    func seek(to offset: Int64, checksum: PrefixChecksum? = nil) throws(InputError) {
        if !decided { try decide() }
        if transcoder == nil {
            if offset >= baseOffset && offset <= baseOffset + Int64(count) {
                index = Int(offset - baseOffset)
                if let checksum, checksumming { cursor = (index, checksum) }
                return
            }
            try source.seek(to: offset)
            baseOffset = offset
            index = 0
            count = 0
            atEnd = false
            startChunk(at: offset, checksum: checksum)
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
                if let checksum, checksumming { cursor = (Int(offset - rawChunkStart), checksum) }
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
        rawChunkStart = offset
        startChunk(at: offset, checksum: checksum)
    }

    /// After a seek outside the chunk: an empty chunk at `offset`, whose checksum is `checksum`.
    private func startChunk(at offset: Int64, checksum: PrefixChecksum?) {
        guard checksumming else { return }
        rawChunkCount = 0
        chunkChecksum = checksum
        cursor = checksum.map { (0, $0) }
    }
}
