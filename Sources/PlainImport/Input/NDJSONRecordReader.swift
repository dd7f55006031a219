/// Reads NDJSON: one JSON object per line. Blank lines are skipped; a line that is not valid
/// UTF-8, not JSON, or not an object is a broken record, and reading goes on at the next line.
public final class NDJSONRecordReader: RecordReader {
    private let bytes: ChunkedBytes
    private var lineBuffer: [UInt8] = []
    public private(set) var line = 1

    /// Reads from `source`, starting at its current position (line 1).
    public init(source: any ByteSource) {
        self.bytes = ChunkedBytes(source: source)
        lineBuffer.reserveCapacity(4096)
    }

    public var position: Int64 { bytes.offset }

    public func resume(at offset: Int64, line: Int) throws(InputError) {
        try bytes.seek(to: offset)
        self.line = line
    }

    public func next() throws(InputError) -> SourceRecord? {
        while true {
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
                while scan < limit && window[scan] != 0x0A { scan += 1 }
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
                        reason: "line longer than \(maximumRecordBytes / 1024 / 1024) MiB",
                        raw: String(decoding: lineBuffer.prefix(200), as: UTF8.self) + "…"
                    )
                )
            }
            if lineBuffer.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return SourceRecord(line: startLine, offset: start, endOffset: end, content: parse(lineBuffer))
        }
    }

    private func parse(_ text: [UInt8]) -> SourceRecord.Content {
        guard let raw = String(validating: text, as: UTF8.self) else {
            let position = UTF8Validation.firstInvalidByte(in: text) ?? 0
            return .broken(
                reason: "invalid UTF-8 at byte \(position + 1) of the line",
                raw: String(decoding: text, as: UTF8.self)
            )
        }
        do {
            let value = try text.withUnsafeBufferPointer { buffer throws(JSONParser.Failure) in try JSONParser.parse(buffer) }
            guard case .object(let object) = value else {
                return .broken(reason: "the line is a JSON \(value.typeName), not an object", raw: raw)
            }
            return .object(object)
        } catch {
            return .broken(reason: "invalid JSON: \(error)", raw: raw)
        }
    }
}
