import Foundation
import Testing

@testable import PlainImport

@Suite struct NDJSONRecordReaderTests {
    let directory = temporaryDirectory()

    @Test func readsObjectsSkipsBlankLinesAndReportsBrokenOnes() throws {
        let text = "{\"a\":1}\n\n   \n{\"b\":\"x\"}\r\nnot json\n[1,2]\n{\"c\":{\"d\":[true,null]}}"
        let path = write(text, to: "in.ndjson", in: directory)
        let result = try readAll(NDJSONRecordReader(source: try FileByteSource(path: path)))
        #expect(result.map(\.line) == [1, 4, 5, 6, 7])
        #expect(result[0].object?["a"] == .number("1"))
        #expect(result[1].object?["b"] == .string("x"))
        #expect(result[2].brokenReason?.hasPrefix("invalid JSON") == true)
        #expect(result[3].brokenReason == "the line is a JSON array, not an object")
        #expect(result[4].object?["c"]?.objectValue?["d"] == .array([.bool(true), .null]))
        #expect(result[1].offset == Int64("{\"a\":1}\n\n   \n".utf8.count))
    }

    @Test func invalidUTF8IsBroken() throws {
        let path = write(bytes: Array("{\"a\":\"".utf8) + [0xC3, 0x28] + Array("\"}\n{\"ok\":true}\n".utf8), to: "bad.ndjson", in: directory)
        let result = try readAll(NDJSONRecordReader(source: try FileByteSource(path: path)))
        #expect(result[0].brokenReason?.contains("invalid UTF-8") == true)
        #expect(result[1].object?["ok"] == .bool(true))
    }

    @Test func duplicateKeysAreBroken() throws {
        let path = write("{\"a\":1,\"a\":2}\n", to: "dup.ndjson", in: directory)
        let result = try readAll(NDJSONRecordReader(source: try FileByteSource(path: path)))
        #expect(result[0].brokenReason?.contains("duplicate member name") == true)
    }

    @Test func gzipStreamsThroughDecompression() throws {
        let path = write("{\"n\":1}\n{\"n\":2}\n", to: "plain.ndjson", in: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", path]
        try process.run()
        process.waitUntilExit()
        let result = try readAll(NDJSONRecordReader(source: try GzipByteSource(path: path + ".gz")))
        #expect(result.map { $0.object?["n"] } == [.number("1"), .number("2")])
        #expect(result[1].line == 2)
    }
}
