import Foundation
import Testing

@testable import PlainImport

/// The checksums a reader reports (SPEC §13.1) are the CRC-32 of the file's bytes before its
/// position, whatever the format, encoding, chunking or seeking back; a resume given the
/// checksum of where it resumes goes on with the same figures.
@Suite struct PrefixChecksumTests {
    let directory = temporaryDirectory()

    static func checksum(_ bytes: [UInt8], upTo offset: Int64) -> PrefixChecksum {
        var checksum = PrefixChecksum()
        checksum.update(bytes.prefix(Int(offset)))
        return checksum
    }

    /// Reads every record, checking the checksum after each against the file's bytes.
    static func checkAll(_ reader: any RecordReader, bytes: [UInt8], context: String) throws -> [(SourceRecord, SourceMark)] {
        var marks: [(SourceRecord, SourceMark)] = []
        while let record = try reader.next() {
            let position = reader.position
            #expect(reader.checksum == checksum(bytes, upTo: position), "\(context): after line \(record.line)")
            marks.append((record, SourceMark(offset: position, line: reader.line, checksum: reader.checksum)))
        }
        return marks
    }

    /// CSV over several small chunks, with a stray quote (reading goes back to the line after it).
    @Test func csvChecksumsMatchTheBytesAcrossChunksAndAStrayQuote() throws {
        var text = "id,name,note\n"
        for n in 1...400 { text += n == 150 ? "\(n),\"broken,no close\n" : "\(n),name \(n),\"note, \(n)\nsecond line\"\n" }
        let bytes = Array(text.utf8)
        let path = write(bytes: bytes, to: "a.csv", in: directory)
        let reader = CSVRecordReader(source: try FileByteSource(path: path), checksumming: true)
        let marks = try Self.checkAll(reader, bytes: bytes, context: "csv")
        #expect(marks.count > 300)
        #expect(marks.contains { $0.0.brokenReason != nil }, "the stray quote is a broken record")

        // A resume at a mark goes on with the same checksums.
        let (_, mark) = marks[200]
        let resumed = CSVRecordReader(source: try FileByteSource(path: path), checksumming: true)
        try resumed.resume(at: mark.offset, line: mark.line, checksum: mark.checksum)
        let rest = try Self.checkAll(resumed, bytes: bytes, context: "csv resumed")
        #expect(rest.map(\.1) == marks.dropFirst(201).map(\.1))
    }

    @Test func ndjsonAndJSONArrayAndUTF16ChecksumsMatchTheBytes() throws {
        var ndjson = ""
        for n in 1...3000 { ndjson += "{\"n\":\(n),\"text\":\"\(String(repeating: "é", count: n % 50))\"}\n" }
        let ndjsonBytes = Array(ndjson.utf8)
        let ndjsonPath = write(bytes: ndjsonBytes, to: "a.ndjson", in: directory)
        _ = try Self.checkAll(
            NDJSONRecordReader(source: try FileByteSource(path: ndjsonPath), checksumming: true),
            bytes: ndjsonBytes,
            context: "ndjson"
        )

        let array = "[\n" + (1...3000).map { "  {\"n\": \($0)}" }.joined(separator: ",\n") + "\n]\n"
        let arrayBytes = Array(array.utf8)
        let arrayPath = write(bytes: arrayBytes, to: "a.json", in: directory)
        let marks = try Self.checkAll(
            JSONArrayRecordReader(source: try FileByteSource(path: arrayPath), checksumming: true),
            bytes: arrayBytes,
            context: "json"
        )
        #expect(marks.count == 3000)

        // UTF-16 LE with a byte order mark: checksums are of the file's own bytes, not the UTF-8 read.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in ndjson.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let utf16Path = write(bytes: utf16, to: "b.ndjson", in: directory)
        let utf16Marks = try Self.checkAll(
            NDJSONRecordReader(source: try FileByteSource(path: utf16Path), checksumming: true),
            bytes: utf16,
            context: "utf16"
        )
        #expect(utf16Marks.count == 3000)
        let (_, mark) = utf16Marks[1234]
        let resumed = NDJSONRecordReader(source: try FileByteSource(path: utf16Path), checksumming: true)
        try resumed.resume(at: mark.offset, line: mark.line, checksum: mark.checksum)
        #expect(try Self.checkAll(resumed, bytes: utf16, context: "utf16 resumed").count == 3000 - 1235)
    }

    /// A gzip file's checksums are of its decompressed bytes, the bytes its records are read from.
    @Test func gzipChecksumsAreOfTheDecompressedBytes() throws {
        var text = ""
        for n in 1...2000 { text += "{\"n\":\(n)}\n" }
        let bytes = Array(text.utf8)
        let path = write(bytes: bytes, to: "c.ndjson", in: directory)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", path]
        try gzip.run()
        gzip.waitUntilExit()
        _ = try Self.checkAll(NDJSONRecordReader(source: try GzipByteSource(path: path + ".gz"), checksumming: true), bytes: bytes, context: "gzip")
        let file = InputFile(path: path + ".gz", format: .ndjson, isGzip: true)
        let offsets: [Int64] = [0, 1, 7000, Int64(bytes.count), Int64(bytes.count) + 1]
        let found = try file.checksums(at: offsets)
        #expect(found[0] == PrefixChecksum())
        #expect(found[7000] == Self.checksum(bytes, upTo: 7000))
        #expect(found[Int64(bytes.count)] == Self.checksum(bytes, upTo: Int64(bytes.count)))
        #expect(found[Int64(bytes.count) + 1] == nil, "an offset past the end has no checksum")
    }

    @Test func aReaderWithoutChecksummingReportsNone() throws {
        let path = write("{\"n\":1}\n", to: "d.ndjson", in: directory)
        let reader = NDJSONRecordReader(source: try FileByteSource(path: path))
        _ = try reader.next()
        #expect(reader.checksum == nil)
    }
}
