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

    @Test func invalidUTF8IsBrokenWithColumn() throws {
        let path = write(bytes: Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n2,ok\n".utf8), to: "bad.csv", in: directory)
        let result = try readAll(CSVRecordReader(source: try FileByteSource(path: path)))
        #expect(result[1].brokenReason?.contains("invalid UTF-8 in column 2") == true)
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
