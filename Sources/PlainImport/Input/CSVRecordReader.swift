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
    /// Room reserved for the next row: the last row's size and some.
    private var rowCapacity = 256
    private var hint = EncodingHintLatch()
    /// The line the row being read starts on.
    private var rowLine = 1

    /// Reads from `source` at its start, in `encoding` (nil: UTF-8 unless a UTF-16 BOM says otherwise).
    public init(source: any ByteSource, delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding? = nil, checksumming: Bool = false) {
        self.bytes = ChunkedBytes(source: source, encoding: encoding, checksumming: checksumming)
        self.delimiter = delimiter
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
            rowLine = line
            var state = State.fieldStart
            var consumedAny = false
            var sawQuote = false
            // Where to go on after an unterminated quote: just after the row's first line.
            var firstLineEnd: (offset: Int64, line: Int)?
            // The checksum of the bytes before `firstLineEnd`, kept when reading may go back there.
            var firstLineEndChecksum: PrefixChecksum?
            // The row's first line as read, and the field whose quote runs past it, when one does.
            var firstLine: (raw: String, field: Int)?
            // A quote problem (not UTF-8 or size) of this row, with the line it was found on.
            var quoteProblem: (message: String, line: Int)?
            var endedByNewline = false
            var row = CSVRowBuilder(capacity: rowCapacity)

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
                                firstLine = (row.lineText(delimiter: delimiter), row.ends.count + 1)
                                firstLineEndChecksum = bytes.checksum(at: bytes.offset(at: index))
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
                            endField(&row)
                        } else if byte == 0x0A {
                            endField(&row)
                            bytes.index = index
                            endedByNewline = true
                            break scanning
                        } else {
                            row.append(byte)
                            state = .unquoted
                            index = row.appendRun(window, from: index, to: limit, quoted: false, delimiter: delimiter)
                        }
                    case .unquoted:
                        if byte == delimiter {
                            endField(&row)
                            state = .fieldStart
                        } else if byte == 0x0A {
                            row.dropCarriageReturn()
                            endField(&row)
                            bytes.index = index
                            endedByNewline = true
                            break scanning
                        } else {
                            if byte == 0x22 && quoteProblem == nil {
                                quoteProblem = ("a quote inside an unquoted field (field \(row.ends.count + 1))", line)
                                if row.problem == nil { row.problem = quoteProblem?.message }
                                if firstLine != nil && bytes.source.isSeekable {
                                    bytes.index = index
                                    break scanning
                                }
                            }
                            row.append(byte)
                            index = row.appendRun(window, from: index, to: limit, quoted: false, delimiter: delimiter)
                        }
                    case .quoted:
                        if byte == 0x22 {
                            state = .afterQuote
                        } else {
                            row.append(byte)
                            index = row.appendRun(window, from: index, to: limit, quoted: true, delimiter: delimiter)
                        }
                    case .afterQuote:
                        if byte == 0x22 {
                            row.append(0x22)
                            state = .quoted
                        } else if byte == delimiter {
                            endField(&row)
                            state = .fieldStart
                        } else if byte == 0x0A {
                            endField(&row)
                            bytes.index = index
                            endedByNewline = true
                            break scanning
                        } else if byte != 0x0D {
                            if quoteProblem == nil {
                                quoteProblem = ("characters after a closing quote (field \(row.ends.count + 1))", line)
                                if row.problem == nil { row.problem = quoteProblem?.message }
                                if firstLine != nil && bytes.source.isSeekable {
                                    bytes.index = index
                                    break scanning
                                }
                            }
                            row.append(byte)
                            state = .unquoted
                        }
                    }
                }
                bytes.index = index
            }

            let end = bytes.offset
            if !consumedAny { return nil }
            if state == .quoted && bytes.atEnd {
                let content = SourceRecord.Content.broken(
                    reason: "a quoted field is never closed (it opens on line \(startLine))",
                    raw: String(decoding: row.bytes[row.fieldStart...].prefix(200), as: UTF8.self)
                )
                if let resumePoint = firstLineEnd, bytes.source.isSeekable {
                    try bytes.seek(to: resumePoint.offset, checksum: firstLineEndChecksum)
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
                    try bytes.seek(to: resumePoint.offset, checksum: firstLineEndChecksum)
                    line = resumePoint.line
                    return SourceRecord(
                        line: startLine,
                        offset: start,
                        endOffset: resumePoint.offset,
                        content: .broken(reason: reason, raw: spanned.raw)
                    )
                }
                row.problem = reason
            }
            if !endedByNewline { endField(&row) }
            // A line with nothing on it (or only a CR) is no record.
            if !sawQuote && row.ends.count <= 1 && row.bytes.isEmpty && row.problem == nil {
                continue
            }
            if row.size > maximumRecordBytes {
                // Read to its end, not kept beyond the limit: one invalid record, and reading goes on after it.
                let lines = line - startLine + (endedByNewline ? 0 : 1)
                let reason =
                    "the row is \(end - start) bytes, longer than the \(maximumRecordBytes / 1024 / 1024) MiB limit"
                    + (lines > 1
                        ? " (lines \(startLine)–\(startLine + lines - 1); a quoted field that long may open with a stray quote)" : "")
                return SourceRecord(
                    line: startLine,
                    offset: start,
                    endOffset: end,
                    content: .broken(reason: reason, raw: String(decoding: row.bytes.prefix(SourceRecord.rawPrefixBytes), as: UTF8.self) + "…")
                )
            }
            if let problem = row.problem {
                return SourceRecord(
                    line: startLine,
                    offset: start,
                    endOffset: end,
                    content: .broken(reason: problem, raw: row.cellsText().joined(separator: String(UnicodeScalar(delimiter))))
                )
            }
            rowCapacity = max(256, row.bytes.count + 64)
            return SourceRecord(line: startLine, offset: start, endOffset: end, content: .fields(row.row))
        }
    }

    /// Ends the row's cell being read; the first invalid UTF-8 of a UTF-8 source is a hint.
    private func endField(_ row: inout CSVRowBuilder) {
        if let invalid = row.endField(encodingName: bytes.encoding.displayName), bytes.isUTF8 {
            hint.offer(EncodingHint.guess(sample: invalid.field, invalidAt: invalid.invalidAt, line: rowLine))
        }
    }
}
