/// Reads one top-level JSON array of objects (SPEC §12.18), element by element in constant
/// memory: the array is never held whole, only the element being read (up to 16 MiB).
///
/// Each element is a record whose line is the line it starts on, and whose offset is the offset
/// in the file of its first byte. A record ends after the comma that follows its element (or
/// just before the closing `]`), so `position` after a record is where reading can resume.
///
/// With a records path (SPEC §15.1, `json: { records: "data.items" }`), the array is the one at
/// that path inside one top-level object: the members before it are skipped as they stream by
/// (never held, whatever their size), and whatever follows the array is not read as records.
///
/// An element that parses but is not an object, is not valid text, or is too long, is a broken
/// record on its own and reading goes on. A syntax error (in an element or between them) makes
/// the rest of the file one broken record at the line where it is found, after the elements
/// before it.
public final class JSONArrayRecordReader: RecordReader {
    private enum Expecting {
        /// The opening `[`.
        case open
        /// An element or `]`: just after `[`, or after resuming.
        case elementOrClose
        /// An element, after a comma.
        case element
        /// A comma or `]`, after an element.
        case commaOrClose
        /// Nothing but whitespace: the array is closed.
        case nothing
        /// The rest of the envelope after the array: skipped.
        case trailer
        /// The end of the input has been reported.
        case finished
    }

    private let bytes: ChunkedBytes
    private var element: [UInt8] = []
    private var expecting = Expecting.open
    public private(set) var line = 1
    private var hint = EncodingHintLatch()
    /// The members leading to the array of records (empty: the array is the top level).
    private let recordsPath: [String]
    /// The input's path, for errors.
    private let path: String

    /// Reads from `source` at its start (line 1), in `encoding` (nil: UTF-8, a BOM skipped,
    /// unless a UTF-16 BOM says otherwise); the records are the array at `recordsPath` inside
    /// one top-level object (empty: the top-level array). `path` names the input in errors.
    public init(
        source: any ByteSource,
        encoding: TextEncoding? = nil,
        checksumming: Bool = false,
        recordsPath: [String] = [],
        path: String = ""
    ) {
        self.bytes = ChunkedBytes(source: source, encoding: encoding, checksumming: checksumming)
        self.recordsPath = recordsPath
        self.path = path
        element.reserveCapacity(4096)
    }

    public var position: Int64 { bytes.offset }

    /// Continues at `offset`: the start of an element, or a position reported after one.
    public var checksum: PrefixChecksum? { bytes.checksum(at: bytes.offset) }

    public func resume(at offset: Int64, line: Int, checksum: PrefixChecksum?) throws(InputError) {
        try bytes.seek(to: offset, checksum: checksum)
        self.line = line
        expecting = offset == 0 ? .open : .elementOrClose
    }

    public func takeEncodingHint() -> EncodingHint? { hint.take() }

    public func next() throws(InputError) -> SourceRecord? {
        while true {
            guard try skipWhitespace() else {
                switch expecting {
                case .open where !recordsPath.isEmpty:
                    throw InputError(path: path, reason: "the file is empty: it holds no \"\(recordsPath.joined(separator: "."))\"")
                case .open, .elementOrClose, .nothing, .trailer, .finished:
                    // An empty file holds no records; resuming just before the end finds none.
                    expecting = .finished
                    return nil
                case .element, .commaOrClose:
                    return try rest(reason: "the file ends before the array is closed with ']'", raw: [])
                }
            }
            let byte = bytes.storage[bytes.index]
            switch expecting {
            case .open where !recordsPath.isEmpty:
                try enterEnvelope()
            case .open:
                guard byte == UInt8(ascii: "[") else {
                    if byte == UInt8(ascii: "{") {
                        return try rest(
                            reason:
                                "the file is not a JSON array: it is an object (records under a key are read with json: { records: \"key\" } in the mapping)",
                            raw: []
                        )
                    }
                    return try rest(reason: "the file is not a JSON array: it starts with \(Self.describe(byte))", raw: [])
                }
                bytes.index += 1
                expecting = .elementOrClose
            case .elementOrClose:
                if byte == UInt8(ascii: "]") {
                    bytes.index += 1
                    expecting = recordsPath.isEmpty ? .nothing : .trailer
                } else {
                    return try readElement()
                }
            case .element:
                if byte == UInt8(ascii: "]") { return try rest(reason: "a comma before the closing ']'", raw: []) }
                return try readElement()
            case .commaOrClose:
                if byte == UInt8(ascii: ",") {
                    bytes.index += 1
                    expecting = .element
                } else if byte == UInt8(ascii: "]") {
                    bytes.index += 1
                    expecting = recordsPath.isEmpty ? .nothing : .trailer
                } else {
                    return try rest(reason: "expected ',' or ']' after an element, found \(Self.describe(byte))", raw: [])
                }
            case .nothing:
                return try rest(reason: "content after the array's closing ']': \(Self.describe(byte))", raw: [])
            case .trailer:
                while try bytes.fill() { bytes.index = bytes.count }
                expecting = .finished
                return nil
            case .finished:
                return nil
            }
        }
    }

    /// Skips whitespace, counting lines; false at the end of the input.
    private func skipWhitespace() throws(InputError) -> Bool {
        while try bytes.fill() {
            let window = bytes.storage
            var index = bytes.index
            let limit = bytes.count
            while index < limit {
                let byte = window[index]
                if byte == 0x0A {
                    line += 1
                } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                    bytes.index = index
                    return true
                }
                index += 1
            }
            bytes.index = index
        }
        return false
    }

    /// Reads the element that starts at the next byte, and the comma after it if there is one.
    private func readElement() throws(InputError) -> SourceRecord? {
        let start = bytes.offset
        let startLine = line
        element.removeAll(keepingCapacity: true)
        var tooLong = false
        let (complete, isScalar) = try scanValue { chunk in
            guard !tooLong else { return }
            if element.count + chunk.count > maximumRecordBytes {
                tooLong = true
                element.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<(maximumRecordBytes - element.count)]))
            } else {
                element.append(contentsOf: chunk)
            }
        }
        // A scalar ends at the end of the input too; anything else is cut short.
        if !complete && !isScalar {
            return try rest(reason: "the file ends inside the element that starts on line \(startLine)", raw: element, from: (start, startLine))
        }
        let content: SourceRecord.Content
        if tooLong {
            content = .broken(
                reason: "the element is longer than the \(maximumRecordBytes / 1024 / 1024) MiB limit",
                raw: String(decoding: element.prefix(SourceRecord.rawPrefixBytes), as: UTF8.self) + "…"
            )
        } else {
            let decoded = JSONRecordDecoder.decode(element, unit: "element", encoding: bytes.encoding) { invalid in
                if bytes.isUTF8 { hint.offer(EncodingHint.guess(sample: element, invalidAt: invalid, line: startLine, fileOffset: start)) }
            }
            switch decoded {
            case .object(let object):
                content = .object(object)
            case .broken(let reason):
                // Well-formed, only not acceptable: this element alone.
                content = .broken(reason: reason, raw: String(decoding: element, as: UTF8.self))
            case .notJSON(let error):
                let errorLine = startLine + element.prefix(error.position).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                return try rest(
                    reason: "invalid JSON: \(error.reason) in the element that starts on line \(startLine)",
                    raw: element,
                    from: (start, startLine),
                    errorLine: errorLine
                )
            }
        }
        // Take the comma after the element, so that the record ends where the next one can begin.
        if try skipWhitespace(), bytes.storage[bytes.index] == UInt8(ascii: ",") {
            bytes.index += 1
            expecting = .element
        } else {
            expecting = .commaOrClose
        }
        return SourceRecord(line: startLine, offset: start, endOffset: bytes.offset, content: content)
    }

    /// The rest of the input as one broken record, after a syntax error found on `errorLine`
    /// (by default where the record starts). The record starts at `from` (by default the next
    /// byte, on the current line) with `raw`; its line is the line of that offset, so that a
    /// run resuming there counts lines as the file has them.
    private func rest(
        reason: String,
        raw: [UInt8],
        from: (offset: Int64, line: Int)? = nil,
        errorLine: Int? = nil
    ) throws(InputError) -> SourceRecord {
        let start = from?.offset ?? bytes.offset
        let startLine = from?.line ?? line
        // `raw` starts at `from`; without it, the text starts at the next byte.
        let textOffset = raw.isEmpty ? bytes.offset : start
        let foundOn = errorLine ?? startLine
        var text = Array(raw.prefix(200))
        while try bytes.fill() {
            let window = bytes.storage
            let from = bytes.index
            let limit = bytes.count
            if text.count < 200 {
                let take = min(200 - text.count, limit - from)
                text.append(contentsOf: UnsafeBufferPointer(rebasing: window[from..<(from + take)]))
            }
            var index = from
            while index < limit {
                if window[index] == 0x0A { line += 1 }
                index += 1
            }
            bytes.index = limit
        }
        expecting = .finished
        if bytes.isUTF8, let zeros = EncodingHint.zeroBytes(in: text, line: foundOn, fileOffset: textOffset) { hint.offer(zeros) }
        return SourceRecord(
            line: startLine,
            offset: start,
            endOffset: bytes.offset,
            content: .broken(
                reason: "\(reason) (line \(foundOn)); the rest of the file is not read",
                raw: String(decoding: text, as: UTF8.self)
            )
        )
    }

    // MARK: - Envelopes

    /// Walks from the top-level object to the array at `recordsPath`, skipping every other
    /// member as it streams by, and leaves reading just inside the array.
    private func enterEnvelope() throws(InputError) {
        let wanted = recordsPath.joined(separator: ".")
        for (depth, segment) in recordsPath.enumerated() {
            let within = depth == 0 ? "the file" : "\"\(recordsPath[..<depth].joined(separator: "."))\""
            guard try skipWhitespace(), bytes.storage[bytes.index] == UInt8(ascii: "{") else {
                throw InputError(path: path, reason: "\(within) is not a JSON object, so it holds no \"\(wanted)\" (line \(line))")
            }
            bytes.index += 1
            var found = false
            while !found {
                guard try skipWhitespace() else { throw InputError(path: path, reason: "the file ends before \"\(wanted)\" is found") }
                let byte = bytes.storage[bytes.index]
                if byte == UInt8(ascii: "}") {
                    throw InputError(path: path, reason: "\(within) has no member \"\(segment)\", so no \"\(wanted)\"")
                }
                if byte == UInt8(ascii: ",") {
                    bytes.index += 1
                    continue
                }
                guard byte == UInt8(ascii: "\"") else {
                    throw InputError(
                        path: path,
                        reason: "invalid JSON before \"\(wanted)\": expected a member name, found \(Self.describe(byte)) (line \(line))"
                    )
                }
                let name = try memberName()
                guard try skipWhitespace(), bytes.storage[bytes.index] == UInt8(ascii: ":") else {
                    throw InputError(path: path, reason: "invalid JSON before \"\(wanted)\": expected ':' after \"\(name)\" (line \(line))")
                }
                bytes.index += 1
                guard try skipWhitespace() else { throw InputError(path: path, reason: "the file ends before \"\(wanted)\" is found") }
                if name == segment {
                    found = true
                } else {
                    try skipValue(before: wanted)
                }
            }
        }
        guard try skipWhitespace() else { throw InputError(path: path, reason: "the file ends before \"\(wanted)\" is found") }
        let byte = bytes.storage[bytes.index]
        guard byte == UInt8(ascii: "[") else {
            let kind =
                switch byte {
                case UInt8(ascii: "{"): "an object"
                case UInt8(ascii: "\""): "a string"
                default: "a \(Self.describe(byte))"
                }
            throw InputError(path: path, reason: "\"\(wanted)\" is \(kind), not an array of records (line \(line))")
        }
        bytes.index += 1
        expecting = .elementOrClose
    }

    /// The member name that starts at the next byte (a quote), read to its closing quote.
    private func memberName() throws(InputError) -> String {
        var token: [UInt8] = []
        var escaped = false
        var closed = false
        while !closed, try bytes.fill() {
            while bytes.index < bytes.count {
                let byte = bytes.storage[bytes.index]
                bytes.index += 1
                token.append(byte)
                if token.count == 1 { continue }
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    closed = true
                    break
                }
                if token.count > 4096 { throw InputError(path: path, reason: "a member name longer than 4 KiB (line \(line))") }
            }
        }
        let value = token.withUnsafeBufferPointer { buffer in try? JSONParser.parse(buffer) }
        guard closed, case .string(let name)? = value else { throw InputError(path: path, reason: "a member name is not valid JSON (line \(line))") }
        return name
    }

    /// Skips the JSON value that starts at the next byte, holding none of it, counting lines.
    private func skipValue(before wanted: String) throws(InputError) {
        let (complete, isScalar) = try scanValue { _ in }
        if !complete && !isScalar { throw InputError(path: path, reason: "the file ends before \"\(wanted)\" is found") }
    }

    /// Reads the JSON value that starts at the next byte to its end, handing each run of its
    /// bytes to `take` as it goes (nothing is held here) and counting lines. An object, array
    /// or string ends with its closing byte; a scalar just before a `,`, `]`, `}` or whitespace.
    /// Returns whether it ended before the input did, and whether it is a scalar.
    private func scanValue(_ take: (UnsafeBufferPointer<UInt8>) -> Void) throws(InputError) -> (complete: Bool, isScalar: Bool) {
        let first = bytes.storage[bytes.index]
        let isScalar = first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "\"")
        var depth = 0
        var inString = false
        var escaped = false
        var complete = false
        while !complete, try bytes.fill() {
            let window = bytes.storage
            let from = bytes.index
            var index = from
            let limit = bytes.count
            scanning: while index < limit {
                let byte = window[index]
                if inString {
                    index += 1
                    if escaped {
                        escaped = false
                    } else if byte == 0x5C {
                        escaped = true
                    } else if byte == 0x22 {
                        inString = false
                        if depth == 0 {
                            complete = true
                            break scanning
                        }
                    } else if byte == 0x0A {
                        line += 1
                    }
                    continue
                }
                if isScalar {
                    switch byte {
                    case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D:
                        complete = true
                        break scanning
                    default:
                        index += 1
                        continue
                    }
                }
                index += 1
                switch byte {
                case 0x22: inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        complete = true
                        break scanning
                    }
                case 0x0A: line += 1
                default: break
                }
            }
            take(UnsafeBufferPointer(rebasing: window[from..<index]))
            bytes.index = index
        }
        return (complete, isScalar)
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}
