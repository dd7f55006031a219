/// The row a `CSVRecordReader` is reading: its cells' bytes so far, where each finished cell
/// ends, and the first problem found. A local value of `next()`, so that appending to it costs
/// no exclusivity check.
struct CSVRowBuilder {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    /// Where the cell being read starts in `bytes`.
    var fieldStart = 0
    /// Whether the cell being read holds a byte above ASCII (then its UTF-8 is checked).
    var fieldHasHighBytes = false
    /// The row's bytes counted so far, also those past the size limit (which are not kept).
    var size = 0
    /// The first problem of the row.
    var problem: String?

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// The finished row.
    var row: CSVRow { CSVRow(bytes: bytes, ends: ends) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        size += 1
        if size > maximumRecordBytes {
            if problem == nil { problem = Self.tooLong }
            return
        }
        if byte >= 0x80 { fieldHasHighBytes = true }
        bytes.append(byte)
    }

    /// Appends the run of plain bytes from `start` (up to the next delimiter, quote or line break;
    /// in a quoted field, the next quote or line break) in one go, as `append` would byte by
    /// byte, and returns where the run ends. Most bytes of a CSV file are in such runs.
    @inline(__always)
    mutating func appendRun(
        _ window: UnsafeMutableBufferPointer<UInt8>,
        from start: Int,
        to limit: Int,
        quoted: Bool,
        delimiter: UInt8
    ) -> Int {
        var end = start
        if quoted {
            while end < limit, window[end] != 0x22, window[end] != 0x0A { end += 1 }
        } else {
            while end < limit {
                let byte = window[end]
                if byte == delimiter || byte == 0x0A || byte == 0x22 { break }
                end += 1
            }
        }
        guard end > start else { return start }
        if !fieldHasHighBytes {
            var high: UInt8 = 0
            for position in start..<end { high |= window[position] }
            fieldHasHighBytes = high >= 0x80
        }
        let room = max(0, maximumRecordBytes - size)
        size += end - start
        if size > maximumRecordBytes, problem == nil { problem = Self.tooLong }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: window[start..<min(end, start + room)]))
        return end
    }

    /// Drops the CR of a CRLF that ends an unquoted cell.
    mutating func dropCarriageReturn() {
        if bytes.count > fieldStart && bytes.last == 0x0D { bytes.removeLast() }
    }

    /// Ends the cell being read. When it is not UTF-8 (and the row had no problem yet), the
    /// problem names it, and the cell and the index of its first invalid byte are returned.
    mutating func endField(encodingName: String) -> (field: [UInt8], invalidAt: Int)? {
        var invalid: (field: [UInt8], invalidAt: Int)?
        if fieldHasHighBytes, problem == nil, let position = UTF8Validation.firstInvalidByte(in: bytes[fieldStart...]) {
            invalid = (Array(bytes[fieldStart...]), position)
            problem = "invalid \(encodingName) in field \(ends.count + 1) at byte \(position + 1)"
        }
        ends.append(bytes.count)
        fieldStart = bytes.count
        fieldHasHighBytes = false
        return invalid
    }

    /// The row's text so far (its fields, then the open quoted field), as far as its first line.
    func lineText(delimiter: UInt8) -> String {
        let separator = String(UnicodeScalar(delimiter))
        var partial = bytes[fieldStart...]
        if partial.last == 0x0A { partial.removeLast() }
        if partial.last == 0x0D { partial.removeLast() }
        let open = "\"" + String(decoding: partial.prefix(200), as: UTF8.self)
        return ends.isEmpty ? open : cellsText().joined(separator: separator) + separator + open
    }

    /// The finished cells' text (invalid UTF-8 repaired), for the raw text of a broken record.
    func cellsText() -> [String] {
        var start = 0
        return ends.map { end in
            defer { start = end }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }

    private static let tooLong = "row longer than \(maximumRecordBytes / 1024 / 1024) MiB"
}
