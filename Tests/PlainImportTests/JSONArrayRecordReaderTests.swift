import Foundation
import Testing

@testable import PlainImport

/// SPEC §12.18: a `.json` input is one array of objects, read element by element.
@Suite struct JSONArrayRecordReaderTests {
    let directory = temporaryDirectory()

    func read(_ text: String, _ name: String = "in.json") throws -> (path: String, records: [SourceRecord]) {
        let path = write(text, to: name, in: directory)
        return (path, try readAll(JSONArrayRecordReader(source: try FileByteSource(path: path))))
    }

    static let pretty = """
        [
          {"a": 1,
           "b": "x, ] } \\" ["},
          {"c": {"d": [true, null]}} ,
          42,
          {"e": "é😀"}
        ]

        """

    @Test func elementsAreRecordsAtTheLineWhereTheyStart() throws {
        let (_, records) = try read(Self.pretty)
        #expect(records.map(\.line) == [2, 4, 5, 6])
        #expect(records[0].object?["b"] == .string("x, ] } \" ["))
        #expect(records[1].object?["c"]?.objectValue?["d"] == .array([.bool(true), .null]))
        #expect(records[2].brokenReason == "the element is a JSON number, not an object")
        #expect(records[3].object?["e"] == .string("é😀"))
        let bytes = Array(Self.pretty.utf8)
        #expect(records.allSatisfy { bytes[Int($0.offset)] == UInt8(ascii: "{") || bytes[Int($0.offset)] == UInt8(ascii: "4") })
    }

    @Test func emptyArraysAndFilesHoldNoRecords() throws {
        #expect(try read("[]", "empty-array.json").records.isEmpty)
        #expect(try read(" \n [ \n ] \n", "spaced.json").records.isEmpty)
        #expect(try read("", "empty.json").records.isEmpty)
    }

    @Test func aSyntaxErrorMakesTheRestOneRecordAfterTheElementsBeforeIt() throws {
        let text = "[\n{\"a\":1},\n{\"b\":2},\n{\"c\":\n tru},\n{\"d\":4}\n]\n"
        let (_, records) = try read(text, "broken.json")
        #expect(records.count == 3)
        #expect(records[0].object?["a"] == .number("1"))
        #expect(records[1].object?["b"] == .number("2"))
        #expect(records[2].line == 4, "the line of its offset, where the element starts")
        #expect(records[2].brokenReason?.contains("the element that starts on line 4") == true)
        #expect(records[2].brokenReason?.contains("(line 5)") == true, "the line where the error is: \(records[2].brokenReason ?? "")")
        #expect(records[2].brokenReason?.contains("the rest of the file is not read") == true)
        #expect(records[2].endOffset == Int64(text.utf8.count))
        // A run resuming at the record (--retry-invalid) counts lines as the file has them.
        let (path, _) = try read(text, "broken-again.json")
        let reader = JSONArrayRecordReader(source: try FileByteSource(path: path))
        try reader.resume(at: records[2].offset, line: records[2].line)
        let again = try reader.next()
        #expect(again?.line == 4)
        #expect(again?.brokenReason == records[2].brokenReason)
    }

    @Test func errorsBetweenElementsAndAtTheEnd() throws {
        let missingComma = try read("[{\"a\":1}\n{\"b\":2}]", "comma.json").records
        #expect(missingComma.count == 2)
        #expect(missingComma[1].line == 2)
        #expect(missingComma[1].brokenReason?.hasPrefix("expected ',' or ']' after an element") == true)
        let unclosed = try read("[{\"a\":1},\n{\"b\":", "unclosed.json").records
        #expect(unclosed.count == 2)
        #expect(unclosed[1].brokenReason?.hasPrefix("the file ends inside the element that starts on line 2") == true)
        let notArray = try read("{\"a\":1}\n", "object.json").records
        #expect(notArray.count == 1)
        #expect(notArray[0].brokenReason?.hasPrefix("the file is not a JSON array") == true)
        let trailing = try read("[{\"a\":1},]", "trailing.json").records
        #expect(trailing.count == 2)
        #expect(trailing[1].brokenReason?.hasPrefix("a comma before the closing ']'") == true)
        let duplicate = try read("[{\"a\":1,\"a\":2},{\"b\":1}]", "duplicate.json").records
        #expect(duplicate.count == 2, "a duplicate key is that element's problem alone")
        #expect(duplicate[1].object?["b"] == .number("1"))
    }

    @Test func resumesAtEveryRecordsOffsetAndEnd() throws {
        var text = "[\n"
        for index in 0..<3_000 {
            text += "  {\"n\": \(index), \"pad\": \"\(String(repeating: "é", count: index % 50))\"}\(index < 2_999 ? "," : "")\n"
        }
        text += "]\n"
        let (path, all) = try read(text, "many.json")
        #expect(all.count == 3_000)
        #expect(all.map(\.line) == Array(2...3_001))
        for index in stride(from: 0, to: all.count, by: 211) {
            for (offset, line) in [(all[index].offset, all[index].line), (all[index].endOffset, all[index].line)] {
                let reader = JSONArrayRecordReader(source: try FileByteSource(path: path))
                try reader.resume(at: offset, line: line)
                let rest = try readAll(reader)
                let from = offset == all[index].offset ? index : index + 1
                #expect(rest.map(\.offset) == all[from...].map(\.offset))
                #expect(rest.map(\.line) == all[from...].map(\.line))
                #expect(rest.first?.object?["n"] == all[from...].first?.object?["n"])
            }
        }
    }

    @Test func utf16ArraysKeepFileOffsets() throws {
        let text = "[{\"a\":\"😀\"},\n {\"b\":\"é\"}]"
        let bytes = TranscoderTests.utf16(text, bigEndian: false)
        let path = write(bytes: bytes, to: "wide.json", in: directory)
        let all = try readAll(JSONArrayRecordReader(source: try FileByteSource(path: path)))
        #expect(all.map(\.offset) == [4, 2 + 2 * Int64("[{\"a\":\"😀\"},\n ".utf16.count)])
        let reader = JSONArrayRecordReader(source: try FileByteSource(path: path))
        try reader.resume(at: all[0].endOffset, line: 1)
        #expect(try readAll(reader).first?.object?["b"] == .string("é"))
    }

    /// SPEC §12.18: the same objects as NDJSON and as a JSON array are the same events.
    @Test func theSameObjectsAsNDJSONAndAsAnArrayGiveTheSameEvents() throws {
        let ndjson = repositoryRoot.appendingPathComponent("samples/events.ndjson").path
        let lines = try String(contentsOfFile: ndjson, encoding: .utf8).split(separator: "\n")
        let array = write("[\n" + lines.joined(separator: ",\n") + "\n]\n", to: "events.json", in: directory)
        var events: [[EventInput]] = []
        for file in try InputFile.expand([ndjson, array], format: nil) {
            let opened = try OpenedSource.open(file, mapping: nil)
            var found: [EventInput] = []
            while let record = try opened.reader.next() {
                if case .event(let event) = opened.interpreter.interpret(record) { found.append(event) }
            }
            events.append(found)
        }
        #expect(events[0].count == 200)
        #expect(events[0].map(\.externalId) == events[1].map(\.externalId))
        #expect(events[0].map(\.input) == events[1].map(\.input))
    }

    // MARK: - Envelopes (SPEC §15.1)

    static let envelope = """
        {"next_page": "https://x/?cursor=]}",
         "meta": {"skip": [1, {"tickets": "no"}, "\\"]"], "n": null},
         "data": {"count": 2,
           "tickets": [
             {"id": 1, "subject": "a"},
             {"id": 2, "subject": "b"}
           ]},
         "after": [1, 2, 3]}

        """

    func envelopeReader(_ path: String, _ records: [String]) throws -> JSONArrayRecordReader {
        JSONArrayRecordReader(source: try FileByteSource(path: path), recordsPath: records, path: path)
    }

    @Test func recordsUnderAKeyAreTheElementsOfThatArray() throws {
        let path = write(Self.envelope, to: "envelope.json", in: directory)
        let all = try readAll(try envelopeReader(path, ["data", "tickets"]))
        #expect(all.map(\.line) == [5, 6])
        #expect(all.map { $0.object?["id"] } == [.number("1"), .number("2")])
        let bytes = Array(Self.envelope.utf8)
        #expect(all.allSatisfy { bytes[Int($0.offset)] == UInt8(ascii: "{") })
        // Resuming after the first record reads the second, and nothing of the envelope after it.
        let reader = try envelopeReader(path, ["data", "tickets"])
        try reader.resume(at: all[0].endOffset, line: all[0].line)
        #expect(try readAll(reader).map { $0.object?["id"] } == [.number("2")])
    }

    @Test func aMissingPathOrANonArrayIsAnInputErrorNamingFileAndPath() throws {
        let path = write(Self.envelope, to: "envelope.json", in: directory)
        for (records, said) in [
            (["data", "users"], #"has no member "users", so no "data.users""#),
            (["data", "count"], #""data.count" is a '2', not an array of records"#),
            (["next_page", "x"], #""next_page" is not a JSON object, so it holds no "next_page.x""#),
            (["missing"], #"the file has no member "missing""#),
        ] {
            do {
                _ = try readAll(try envelopeReader(path, records))
                Issue.record("\(records) must be an input error")
            } catch let error as InputError {
                #expect(error.path == path)
                #expect(error.reason.contains(said), "\(error.reason)")
            }
        }
        let array = write("[{\"a\": 1}]", to: "array.json", in: directory)
        #expect(throws: InputError.self) { try readAll(try envelopeReader(array, ["data"])) }
        // Without a records path, a top-level object says how records under a key are read.
        let top = try readAll(JSONArrayRecordReader(source: try FileByteSource(path: path)))
        #expect(top.first?.brokenReason?.contains("json: { records:") == true)
    }
}
