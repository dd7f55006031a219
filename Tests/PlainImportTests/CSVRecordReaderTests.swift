import Foundation
import Testing

@testable import PlainImport

@Suite struct CSVRecordReaderTests {
    let directory = temporaryDirectory()

    func records(_ text: String, delimiter: Character = ",") throws -> [SourceRecord] {
        let path = write(text, to: "input.csv", in: directory)
        return try readAll(CSVRecordReader(source: try FileByteSource(path: path), delimiter: delimiter.asciiValue ?? 44))
    }

    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let result = try records("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,end\n")
        #expect(result.count == 3)
        #expect(result[1].cells == ["x, y", "say \"hi\"", "two\nlines"])
        #expect(result[1].line == 2)
        #expect(result[2].cells == ["plain", "", "end"])
        #expect(result[2].line == 4, "the quoted newline moves the next record to line 4")
    }

    @Test func crlfAndBOMAndMissingFinalNewline() throws {
        let result = try records("\u{FEFF}id,name\r\n1,Ada\r\n2,\"Grace\r\nHopper\"\r\n3,Alan")
        #expect(result.map(\.cells) == [["id", "name"], ["1", "Ada"], ["2", "Grace\r\nHopper"], ["3", "Alan"]])
        #expect(result.map(\.line) == [1, 2, 3, 5])
    }

    @Test func offsetsPointAtRecordStarts() throws {
        let text = "h1,h2\nab,cd\n\"e\nf\",g\n"
        let result = try records(text)
        let bytes = Array(text.utf8)
        #expect(result.map(\.offset) == [0, 6, 12])
        #expect(result[2].endOffset == Int64(bytes.count))
        #expect(result[1].endOffset == 12)
    }

    @Test func blankLinesAreNoRecords() throws {
        let result = try records("a,b\n\n1,2\r\n\r\n\n3,4\n\n")
        #expect(result.map(\.cells) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(result.map(\.line) == [1, 3, 6])
    }

    @Test func otherDelimiter() throws {
        let result = try records("a;b\n\"1;x\";2\n", delimiter: ";")
        #expect(result[1].cells == ["1;x", "2"])
    }

    @Test func unterminatedQuoteCostsOnlyItsRecord() throws {
        let result = try records("a,b\n1,\"never closed\n2,two\n3,three\n")
        #expect(result.count == 4)
        #expect(result[1].brokenReason?.contains("never closed") == true)
        #expect(result[1].line == 2)
        #expect(result[2].cells == ["2", "two"])
        #expect(result[2].line == 3)
        #expect(result[3].cells == ["3", "three"])
    }

    @Test func strayCharactersAfterClosingQuoteAreBroken() throws {
        let result = try records("a,b\n\"x\"y,2\nok,1\n")
        #expect(result[1].brokenReason?.contains("after a closing quote") == true)
        #expect(result[2].cells == ["ok", "1"])
    }

    /// 300 rows of 10 fields; row 100 opens field 8 with a quote it never closes properly, and the
    /// file's next quote is a well-quoted field of row 150.
    static func strayQuoteFile(rows: Int, strayRow: Int, quotedRow: Int) -> String {
        var text = "f1,f2,f3,f4,f5,f6,f7,f8,f9,f10\n"
        for row in 1...rows {
            var cells = (1...10).map { "r\(row)c\($0)" }
            if row == strayRow { cells[7] = "\"5 inch screen" }
            if row == quotedRow { cells[2] = "\"Smith, J\"" }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    @Test func aStrayQuoteCostsOnlyItsRow() throws {
        let result = try records(Self.strayQuoteFile(rows: 300, strayRow: 100, quotedRow: 150))
        let rows = result.dropFirst()
        #expect(rows.count == 300)
        #expect(rows.filter { $0.cells != nil }.count == 299)
        let broken = rows.filter { $0.brokenReason != nil }
        #expect(broken.map(\.line) == [101])
        #expect(broken.first?.brokenReason == "field 8 opens a quote that is not closed properly (the next quote, on line 151, does not end a field)")
        #expect(broken.first.flatMap(Self.raw) == "r100c1,r100c2,r100c3,r100c4,r100c5,r100c6,r100c7,\"5 inch screen,r100c9,r100c10")
        #expect(broken.first?.endOffset == result[101].offset, "the next row starts where the broken one ends")
        #expect(result[101].cells?.first == "r101c1")
        #expect(result[101].line == 102)
        #expect(result[150].cells?[2] == "Smith, J")
        #expect(result[150].line == 151)
    }

    static func raw(_ record: SourceRecord) -> String? {
        if case .broken(_, let raw) = record.content { raw } else { nil }
    }

    @Test func aStrayQuoteAcrossChunksCostsOnlyItsRow() throws {
        // About 60 bytes a row: the stray quote and the next quote are several 64 KiB chunks apart.
        let result = try records(Self.strayQuoteFile(rows: 6000, strayRow: 2000, quotedRow: 5000))
        #expect(result.count == 6001)
        #expect(result.filter { $0.brokenReason != nil }.map(\.line) == [2001])
        #expect(result[2001].line == 2002)
        #expect(result[5000].cells?[2] == "Smith, J")
    }

    @Test func aStrayQuoteInAPipeIsReportedAtItsLine() throws {
        // A pipe cannot be read again: the swallowed lines stay one record, with the right reason.
        let text = Self.strayQuoteFile(rows: 300, strayRow: 100, quotedRow: 150)
        let result = try readAll(CSVRecordReader(source: PipeByteSource(text)))
        let broken = result.filter { $0.brokenReason != nil }
        #expect(broken.map(\.line) == [101])
        #expect(broken.first?.brokenReason?.hasPrefix("field 8 opens a quote that is not closed properly (the next quote, on line 151") == true)
        #expect(result.count == 1 + 99 + 1 + 150, "rows 100 to 150 are one record")
    }

    @Test func aQuoteProblemOnTheFirstLineOfASpanningRowKeepsThatLine() throws {
        let result = try records("a,b,c\nx\"y,\"open\n1,2,3\n")
        #expect(result.map(\.line) == [1, 2, 3])
        #expect(result[1].brokenReason == "a quote inside an unquoted field (field 1)")
        #expect(result[2].cells == ["1", "2", "3"])
    }

    @Test func invalidUTF8IsBrokenWithColumn() throws {
        let path = write(bytes: Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n2,ok\n".utf8), to: "bad.csv", in: directory)
        let result = try readAll(CSVRecordReader(source: try FileByteSource(path: path)))
        #expect(result[1].brokenReason?.contains("invalid UTF-8 in field 2") == true)
        #expect(result[2].cells == ["2", "ok"])
    }

    @Test func resumeAtACheckpoint() throws {
        let text = "a,b\n1,x\n\"2\n\",y\n3,z\n"
        let path = write(text, to: "resume.csv", in: directory)
        let all = try readAll(CSVRecordReader(source: try FileByteSource(path: path)))
        let reader = CSVRecordReader(source: try FileByteSource(path: path))
        try reader.resume(at: all[3].offset, line: all[3].line)
        let rest = try readAll(reader)
        #expect(rest.map(\.cells) == [["3", "z"]])
        #expect(rest[0].line == 5)
    }

    @Test func recordsLongerThanTheLimitAreBroken() throws {
        let big = String(repeating: "x", count: maximumRecordBytes + 10)
        let result = try records("a\n\(big)\nsmall\n")
        #expect(result[1].brokenReason?.contains("longer than") == true)
        #expect(result[2].cells == ["small"])
    }

    @Test func readsAcrossChunkBoundaries() throws {
        var text = "id,text\n"
        for n in 0..<5000 { text += "\(n),\"value \(n), quoted \"\"\(n)\"\"\"\n" }
        let result = try records(text)
        #expect(result.count == 5001)
        #expect(result[4321].cells == ["4320", "value 4320, quoted \"4320\""])
        #expect(result[4321].line == 4322)
    }
}
