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
}
