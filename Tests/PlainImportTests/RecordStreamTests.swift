import Foundation
import Testing

@testable import PlainImport

/// Records interpreted on several lanes come back exactly as one lane gives them: every record,
/// in read order, with its line, its outcome, and the source's encoding hint once.
@Suite struct RecordStreamTests {
    @Test(arguments: [1, 2, 4])
    func lanesDeliverWhatOneReaderReads(_ lanes: Int) throws {
        let directory = temporaryDirectory()
        // 10,000 rows over several batches; rows spanning two lines, short rows, and one
        // Latin-1 byte (the hint) among them.
        var text = "id,title\n"
        for n in 1...10_000 {
            switch n % 97 {
            case 0: text += "\(n)\n"
            case 1: text += "\(n),\"two\nlines\"\n"
            default: text += "\(n),t\(n)\n"
            }
        }
        var bytes = Array(text.utf8)
        bytes.insert(contentsOf: [0x2C, 0xE9], at: bytes.count - 1)  // ",é" in Latin-1 on the last row
        let path = directory.appendingPathComponent("rows.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        func read(lanes: Int) throws -> [String] {
            let reader = CSVRecordReader(source: try FileByteSource(path: path))
            _ = try reader.next()  // the header
            var delivered: [String] = []
            var stream = RecordStream(reader: reader, file: nil, lanes: lanes) { record -> String in
                if case .fields(let row) = record.content { return "\(row.count) fields" }
                return "broken"
            }
            while let item = try stream.next() {
                delivered.append("\(item.record.line) \(item.outcome) at \(item.position) \(item.line)\(item.hints.map { " hint: \($0)" }.joined())")
            }
            return delivered
        }
        let sequential = try read(lanes: 1)
        #expect(sequential.count == 10_000)
        #expect(sequential.filter { $0.contains("hint") }.count == 1)
        #expect(sequential.last?.contains("broken") == true, "the Latin-1 row is invalid UTF-8")
        #expect(try read(lanes: lanes) == sequential)
    }

    /// A source that fails after some chunks: every record read before the failure is delivered,
    /// then the error is thrown (not swallowed), with one lane and with several.
    @Test(arguments: [1, 4])
    func aReadingErrorComesAfterTheRecordsReadBeforeIt(_ lanes: Int) throws {
        let rows = (1...5_000).map { "\($0),title \($0)\n" }.joined()
        let source = FailingByteSource(rows, failAfter: 60_000)
        let reader = CSVRecordReader(source: source)
        var delivered: [Int] = []
        var stream = RecordStream(reader: reader, file: nil, lanes: lanes) { _ in 0 }
        #expect(throws: InputError.self) {
            while let item = try stream.next() { delivered.append(item.record.line) }
        }
        #expect(try stream.next() == nil, "nothing more is read after the error")
        // Every row whose line break lies before the failure, in order; the row cut by it is not one.
        let complete = rows.utf8.prefix(60_000).filter { $0 == 0x0A }.count
        #expect(delivered == Array(1...complete))
    }
    /// A CSV export read as NDJSON: the stream says once, at the 20th broken record from the
    /// source's start, that the file looks like CSV; a source resumed part-way does not (its
    /// first records were judged by the run that read them), nor does one whose first record reads.
    @Test func theFormatHintComesOnceFromTheStartOnly() throws {
        let directory = temporaryDirectory()
        let path = directory.appendingPathComponent("export.ndjson").path
        let rows = (1...30).map { "\($0),title \($0)\n" }.joined()
        try Data(("id,title\n" + rows).utf8).write(to: URL(fileURLWithPath: path))
        let file = InputFile(path: path, format: .ndjson, isGzip: false)

        func hints(resumingAfter lines: Int?) throws -> [(line: Int, hint: ReadingHint)] {
            let opened = try OpenedSource.open(file, mapping: nil)
            if let lines {
                let offset = Int64(("id,title\n" + (1..<lines).map { "\($0),title \($0)\n" }.joined()).utf8.count)
                try opened.reader.resume(at: offset, line: lines + 1)
            }
            let interpreter = opened.interpreter
            var stream = RecordStream(opened) { interpreter.verdict(for: $0) }
            var found: [(Int, ReadingHint)] = []
            while let item = try stream.next() { found += item.hints.map { (item.record.line, $0) } }
            return found
        }
        let fromTheStart = try hints(resumingAfter: nil)
        #expect(fromTheStart.map(\.line) == [20])
        #expect(fromTheStart.first?.hint.suggestion == .format(.csv))
        #expect(try hints(resumingAfter: 3).isEmpty)

        let mixed = directory.appendingPathComponent("mixed.ndjson").path
        try Data(("{\"a\": 1}\n" + rows).utf8).write(to: URL(fileURLWithPath: mixed))
        let opened = try OpenedSource.open(InputFile(path: mixed, format: .ndjson, isGzip: false), mapping: nil)
        var stream = RecordStream(opened) { _ in 0 }
        var count = 0
        while let item = try stream.next() { count += item.hints.count }
        #expect(count == 0, "a source whose first record reads is what it says it is")
    }

    /// An input read once is read one record at a time whatever the batching asked for: the
    /// reader stands just after the record handed over, never further.
    @Test func anInputReadOnceIsReadOneRecordAtATime() throws {
        let directory = temporaryDirectory()
        let path = directory.appendingPathComponent("events.ndjson").path
        let lines = (1...10).map { "{\"n\": \($0)}\n" }
        try Data(lines.joined().utf8).write(to: URL(fileURLWithPath: path))
        let opened = try OpenedSource.open(InputFile(path: path, format: .ndjson, isGzip: false, isStream: true), mapping: nil)
        var stream = RecordStream(opened, batching: .wholeInput) { _ in 0 }
        var ends: [Int64] = []
        while let item = try stream.next() {
            #expect(opened.reader.position == item.position, "nothing read past the record handed over")
            ends.append(item.position)
        }
        #expect(ends.count == 10)
    }
}

/// Bytes that read as a file until `failAfter` of them, then fail as a broken disk would.
final class FailingByteSource: ByteSource {
    private let bytes: [UInt8]
    private let failAfter: Int
    private var position = 0

    init(_ text: String, failAfter: Int) {
        bytes = Array(text.utf8)
        self.failAfter = failAfter
    }

    let isSeekable = false

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if position >= failAfter { throw InputError(path: "broken", reason: "I/O error") }
        let count = min(buffer.count, min(bytes.count, failAfter) - position)
        for offset in 0..<count { buffer[offset] = bytes[position + offset] }
        position += count
        return count
    }

    func seek(to offset: Int64) throws(InputError) {
        throw InputError(path: "broken", reason: "cannot seek")
    }
}
