/// Reads CSV per RFC 4180, byte by byte: quoted fields with delimiters, doubled quotes and
/// line breaks; CRLF or LF; a leading UTF-8 BOM. Blank lines are no records. Input in another
/// encoding is read through `ChunkedBytes`, which hands over UTF-8 and keeps file offsets.
///
/// A broken row (an unterminated quote, stray characters after a closing quote, invalid UTF-8,
/// a row over 16 MiB) is returned as a broken record. When a row whose quoted field runs past
/// its first line breaks (the quote is never closed, or what follows its closing quote does not
/// read as CSV), only that first line is the broken record and, in a seekable input, reading
/// resumes on the line after it: one stray quote costs one record, not the lines up to the
/// file's next quote or the rest of the file.
public final class CSVRecordReader: RecordReader {
    private enum State { case fieldStart, unquoted, quoted, afterQuote }

    private let bytes: ChunkedBytes
    private let delimiter: UInt8
    public private(set) var line = 1
    /// The row's cells so far, one after another, and where each finished cell ends.
    private var row: [UInt8] = []
    private var ends: [Int] = []
    /// Where the cell being read starts in `row`.
    private var fieldStart = 0
    /// Whether the cell being read holds a byte above ASCII (then its UTF-8 is checked).
    private var fieldHasHighBytes = false
    private var hint = EncodingHintLatch()
    /// The line the row being read starts on.
    private var rowLine = 1

    /// Reads from `source` at its start, in `encoding` (nil: UTF-8 unless a UTF-16 BOM says otherwise).
    public init(source: any ByteSource, delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding? = nil) {
        self.bytes = ChunkedBytes(source: source, encoding: encoding)
        self.delimiter = delimiter
        row.reserveCapacity(256)
    }

    public var position: Int64 { bytes.offset }

    public func resume(at offset: Int64, line: Int) throws(InputError) {
        try bytes.seek(to: offset)
        self.line = line
    }

    public func takeEncodingHint() -> EncodingHint? { hint.take() }

    public func next() throws(InputError) -> SourceRecord? {
        while true {
            // Buffered first, so that the offset is past a byte order mark.
            _ = try bytes.fill()
            let start = bytes.offset
            let startLine = line
            rowLine = line
            var state = State.fieldStart
            var problem: String?
            var size = 0
            var consumedAny = false
            var sawQuote = false
            // Where to go on after an unterminated quote: just after the row's first line.
            var firstLineEnd: (offset: Int64, line: Int)?
            // The row's first line as read, and the field whose quote runs past it, when one does.
            var firstLine: (raw: String, field: Int)?
            // A quote problem (not UTF-8 or size) of this row, with the line it was found on.
            var quoteProblem: (message: String, line: Int)?
            var endedByNewline = false
            var runaway = false
            row.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            fieldStart = 0
            fieldHasHighBytes = false

            scanning: while try bytes.fill() {
                let window = bytes.storage
                var index = bytes.index
                let limit = bytes.count
                while index < limit {
                    let byte = window[index]
                    index += 1
                    consumedAny = true
                    if byte == 0x0A {
                        line += 1
                        if firstLineEnd == nil {
                            firstLineEnd = (bytes.offset(at: index), line)
                            if state == .quoted {
                                firstLine = (lineText(), ends.count + 1)
                                // Already broken on its first line: that line is the record.
                                if quoteProblem != nil && bytes.source.isSeekable {
                                    bytes.index = index
                                    break scanning
                                }
                            }
                        }
                    }
                    switch state {
                    case .fieldStart:
                        if byte == 0x22 {
                            state = .quoted
                            sawQuote = true
                        } else if byte == delimiter {
                            endField(&problem)
                        } else if byte == 0x0A {
                            endField(&problem)
                            bytes.index = index
                            endedByNewline = true
                            break scanning
                        } else {
                            append(byte, size: &size, problem: &problem)
                            state = .unquoted
                            index = appendRun(window, from: index, to: limit, quoted: false, size: &size, problem: &problem)
                        }
                    case .unquoted:
                        if byte == delimiter {
                            endField(&problem)
                            state = .fieldStart
                        } else if byte == 0x0A {
                            if row.count > fieldStart && row.last == 0x0D { row.removeLast() }
                            endField(&problem)
                            bytes.index = index
                            endedByNewline = true
                            break scanning
                        } else {
                            if byte == 0x22 && quoteProblem == nil {
                                quoteProblem = ("a quote inside an unquoted field (field \(ends.count + 1))", line)
                                if problem == nil { problem = quoteProblem?.message }
                                if firstLine != nil && bytes.source.isSeekable {
                                    bytes.index = index
                                    break scanning
                                }
                            }
                            append(byte, size: &size, problem: &problem)
                            index = appendRun(window, from: index, to: limit, quoted: false, size: &size, problem: &problem)
                        }
                    case .quoted:
                        if byte == 0x22 {
                            state = .afterQuote
                        } else {
                            append(byte, size: &size, problem: &problem)
                            index = appendRun(window, from: index, to: limit, quoted: true, size: &size, problem: &problem)
                            if size > maximumRecordBytes && firstLineEnd != nil && bytes.source.isSeekable {
                                // Surely a stray quote: give up on this row rather than read on to the end.
                                runaway = true
                                bytes.index = index
                                break scanning
                            }
                        }
                    case .afterQuote:
                        if byte == 0x22 {
                            append(0x22, size: &size, problem: &problem)
                            state = .quoted
                        } else if byte == delimiter {
                            endField(&problem)
                            state = .fieldStart
                        } else if byte == 0x0A {
                            endField(&problem)
                            bytes.index = index
                            endedByNewline = true
                            break scanning
                        } else if byte != 0x0D {
                            if quoteProblem == nil {
                                quoteProblem = ("characters after a closing quote (field \(ends.count + 1))", line)
                                if problem == nil { problem = quoteProblem?.message }
                                if firstLine != nil && bytes.source.isSeekable {
                                    bytes.index = index
                                    break scanning
                                }
                            }
                            append(byte, size: &size, problem: &problem)
                            state = .unquoted
                        }
                    }
                }
                bytes.index = index
            }

            let end = bytes.offset
            if !consumedAny { return nil }
            if state == .quoted && (bytes.atEnd || runaway) {
                let content = SourceRecord.Content.broken(
                    reason: "a quoted field is never closed (it opens on line \(startLine))",
                    raw: String(decoding: row[fieldStart...].prefix(200), as: UTF8.self)
                )
                if let resumePoint = firstLineEnd, bytes.source.isSeekable {
                    try bytes.seek(to: resumePoint.offset)
                    line = resumePoint.line
                    return SourceRecord(line: startLine, offset: start, endOffset: resumePoint.offset, content: content)
                }
                return SourceRecord(line: startLine, offset: start, endOffset: end, content: content)
            }
            if let quoteProblem, let spanned = firstLine {
                // A quoted field ran past this line and the row broke: the quote that opened it was
                // stray. This line alone is the broken record; reading goes on with the next line.
                // (Where the input cannot seek, the row stays one record, with the same reason.)
                let reason =
                    quoteProblem.line == startLine
                    ? quoteProblem.message
                    : "field \(spanned.field) opens a quote that is not closed properly "
                        + "(the next quote, on line \(quoteProblem.line), does not end a field)"
                if let resumePoint = firstLineEnd, bytes.source.isSeekable {
                    try bytes.seek(to: resumePoint.offset)
                    line = resumePoint.line
                    return SourceRecord(
                        line: startLine,
                        offset: start,
                        endOffset: resumePoint.offset,
                        content: .broken(reason: reason, raw: spanned.raw)
                    )
                }
                problem = reason
            }
            if !endedByNewline { endField(&problem) }
            // A line with nothing on it (or only a CR) is no record.
            if !sawQuote && ends.count <= 1 && row.isEmpty && problem == nil {
                continue
            }
            if let problem {
                return SourceRecord(
                    line: startLine,
                    offset: start,
                    endOffset: end,
                    content: .broken(reason: problem, raw: cellsText().joined(separator: String(UnicodeScalar(delimiter))))
                )
            }
            return SourceRecord(line: startLine, offset: start, endOffset: end, content: .fields(CSVRow(bytes: row, ends: ends)))
        }
    }

    @inline(__always)
    private func append(_ byte: UInt8, size: inout Int, problem: inout String?) {
        size += 1
        if size > maximumRecordBytes {
            if problem == nil { problem = "row longer than \(maximumRecordBytes / 1024 / 1024) MiB" }
            return
        }
        if byte >= 0x80 { fieldHasHighBytes = true }
        row.append(byte)
    }

    /// Appends the run of plain bytes from `start` (up to the next delimiter, quote or line break;
    /// in a quoted field, the next quote or line break) in one go, as `append` would byte by
    /// byte, and returns where the run ends. Most bytes of a CSV file are in such runs.
    @inline(__always)
    private func appendRun(
        _ window: UnsafeMutableBufferPointer<UInt8>,
        from start: Int,
        to limit: Int,
        quoted: Bool,
        size: inout Int,
        problem: inout String?
    ) -> Int {
        let delimiter = self.delimiter
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
        if size > maximumRecordBytes, problem == nil { problem = "row longer than \(maximumRecordBytes / 1024 / 1024) MiB" }
        row.append(contentsOf: UnsafeBufferPointer(rebasing: window[start..<min(end, start + room)]))
        return end
    }

    /// The row's text so far (its fields, then the open quoted field), as far as its first line.
    private func lineText() -> String {
        let separator = String(UnicodeScalar(delimiter))
        var partial = row[fieldStart...]
        if partial.last == 0x0A { partial.removeLast() }
        if partial.last == 0x0D { partial.removeLast() }
        let open = "\"" + String(decoding: partial.prefix(200), as: UTF8.self)
        return ends.isEmpty ? open : cellsText().joined(separator: separator) + separator + open
    }

    /// The finished cells' text (invalid UTF-8 repaired), for the raw text of a broken record.
    private func cellsText() -> [String] {
        var start = 0
        return ends.map { end in
            defer { start = end }
            return String(decoding: row[start..<end], as: UTF8.self)
        }
    }

    private func endField(_ problem: inout String?) {
        if fieldHasHighBytes, problem == nil, let invalid = UTF8Validation.firstInvalidByte(in: row[fieldStart...]) {
            let field = Array(row[fieldStart...])
            problem = "invalid \(bytes.encoding.displayName) in field \(ends.count + 1) at byte \(invalid + 1)"
            if bytes.isUTF8 { hint.offer(EncodingHint.guess(sample: field, invalidAt: invalid, line: rowLine)) }
        }
        ends.append(row.count)
        fieldStart = row.count
        fieldHasHighBytes = false
    }
}
