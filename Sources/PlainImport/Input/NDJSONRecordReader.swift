#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads NDJSON: one JSON object per line. Blank lines are skipped; a line that is not valid
/// UTF-8, not JSON, or not an object is a broken record, and reading goes on at the next line.
public final class NDJSONRecordReader: RecordReader {
    private let bytes: ChunkedBytes
    private var lineBuffer: [UInt8] = []
    public private(set) var line = 1
    private var hint = EncodingHintLatch()

    /// Reads from `source` at its start (line 1), in `encoding` (nil: UTF-8, a BOM skipped,
    /// unless a UTF-16 BOM says otherwise).
    public init(source: any ByteSource, encoding: TextEncoding? = nil, checksumming: Bool = false) {
        self.bytes = ChunkedBytes(source: source, encoding: encoding, checksumming: checksumming)
        lineBuffer.reserveCapacity(4096)
    }

    public var position: Int64 { bytes.offset }

    public var checksum: PrefixChecksum? { bytes.checksum(at: bytes.offset) }

    public func resume(at offset: Int64, line: Int, checksum: PrefixChecksum?) throws(InputError) {
        try bytes.seek(to: offset, checksum: checksum)
        self.line = line
    }

    public func takeEncodingHint() -> EncodingHint? { hint.take() }

    public func next() throws(InputError) -> SourceRecord? {
        while true {
            // Buffered first, so that the offset is past a byte order mark.
            _ = try bytes.fill()
            let start = bytes.offset
            let startLine = line
            lineBuffer.removeAll(keepingCapacity: true)
            var tooLong = false
            var sawNewline = false
            while try bytes.fill() {
                let window = bytes.storage
                let from = bytes.index
                var scan = from
                let limit = bytes.count
                // The line break is found with memchr: lines are long, and most bytes are in them.
                if let base = window.baseAddress, scan < limit,
                    let found = memchr(base + scan, 0x0A, limit - scan)
                {
                    scan = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                } else {
                    scan = limit
                }
                let take = scan - from
                if !tooLong {
                    if lineBuffer.count + take > maximumRecordBytes {
                        tooLong = true
                        let room = maximumRecordBytes - lineBuffer.count
                        lineBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: window[from..<(from + room)]))
                    } else {
                        lineBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: window[from..<scan]))
                    }
                }
                if scan < limit {
                    bytes.index = scan + 1
                    sawNewline = true
                    break
                }
                bytes.index = scan
            }
            if !sawNewline && lineBuffer.isEmpty && !tooLong { return nil }
            if sawNewline { line += 1 }
            let end = bytes.offset
            if lineBuffer.last == 0x0D { lineBuffer.removeLast() }
            if tooLong {
                return SourceRecord(
                    line: startLine,
                    offset: start,
                    endOffset: end,
                    content: .broken(
                        reason: "the line is \(end - start) bytes, longer than the \(maximumRecordBytes / 1024 / 1024) MiB limit",
                        raw: String(decoding: lineBuffer.prefix(SourceRecord.rawPrefixBytes), as: UTF8.self) + "…"
                    )
                )
            }
            if lineBuffer.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return SourceRecord(line: startLine, offset: start, endOffset: end, content: parse(lineBuffer, line: startLine, offset: start))
        }
    }

    private func parse(_ text: [UInt8], line: Int, offset: Int64) -> SourceRecord.Content {
        let decoded = JSONRecordDecoder.decode(text, unit: "line", encoding: bytes.encoding) { position in
            if bytes.isUTF8 { hint.offer(EncodingHint.guess(sample: text, invalidAt: position, line: line, fileOffset: offset)) }
        }
        switch decoded {
        case .object(let object):
            return .object(object)
        case .broken(let reason):
            // The text is built only for a broken line.
            return .broken(reason: reason, raw: String(decoding: text, as: UTF8.self))
        case .notJSON(let error):
            if bytes.isUTF8, let zeros = EncodingHint.zeroBytes(in: text, line: line, fileOffset: offset) { hint.offer(zeros) }
            return .broken(reason: "invalid JSON: \(error)", raw: String(decoding: text, as: UTF8.self))
        }
    }
}
