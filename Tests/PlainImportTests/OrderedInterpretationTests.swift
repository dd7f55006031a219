import Foundation
import Testing

@testable import PlainImport

/// Records interpreted on several lanes come back exactly as one lane gives them: every record,
/// in read order, with its line, its outcome, and the source's encoding hint once.
@Suite struct OrderedInterpretationTests {
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
            try OrderedInterpretation(reader: reader, lanes: lanes) { record -> String in
                if case .fields(let row) = record.content { return "\(row.count) fields" }
                return "broken"
            }
            .run { item in
                delivered.append("\(item.record.line) \(item.outcome)\(item.hint.map { " hint line \($0.line)" } ?? "")")
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
        #expect(throws: InputError.self) {
            try OrderedInterpretation(reader: reader, lanes: lanes) { _ in 0 }.run { delivered.append($0.record.line) }
        }
        // Every row whose line break lies before the failure, in order; the row cut by it is not one.
        let complete = rows.utf8.prefix(60_000).filter { $0 == 0x0A }.count
        #expect(delivered == Array(1...complete))
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
