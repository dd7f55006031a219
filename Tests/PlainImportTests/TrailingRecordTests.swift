import Foundation
import Testing

@testable import PlainImport

/// The decision on a last record without a line end, on an injected clock, and the line-end probe.
@Suite struct TrailingRecordTests {
    let second: Int64 = 1_000_000_000

    func stamp(size: Int64, modified: Int64) -> FileStamp { FileStamp(size: size, modified: modified, inode: 1, device: 1) }

    @Test func aStillFileAtTheRecordsEndIsComplete() {
        #expect(TrailingRecord.verdict(end: 100, stamp: stamp(size: 100, modified: 0), now: 5 * second) == .complete)
        #expect(TrailingRecord.verdict(end: 100, stamp: stamp(size: 100, modified: 0), now: 2 * second) == .complete)
    }

    @Test func aFileChangedJustNowIsLookedAtAgainWhenItCouldBeStill() {
        #expect(
            TrailingRecord.verdict(end: 100, stamp: stamp(size: 100, modified: 10 * second), now: 10 * second + second / 2)
                == .lookAgain(afterNanoseconds: 3 * second / 2)
        )
        // A modification time ahead of the clock waits the whole interval, no more.
        #expect(
            TrailingRecord.verdict(end: 100, stamp: stamp(size: 100, modified: 20 * second), now: 10 * second)
                == .lookAgain(afterNanoseconds: 2 * second)
        )
    }

    @Test func aFileOfAnotherSizeIsBeingWritten() {
        #expect(TrailingRecord.verdict(end: 100, stamp: stamp(size: 101, modified: 0), now: 60 * second) == .stillBeingWritten)
        #expect(TrailingRecord.verdict(end: 100, stamp: stamp(size: 90, modified: 0), now: 60 * second) == .stillBeingWritten)
    }

    @Test(arguments: [
        ("a,b\n1,2\n", true), ("a,b\r\n1,2\r\n", true), ("a,b\n1,2", false), ("a,b\n1,2\r", true), ("x", false),
    ])
    func theProbeSeesALineEndBeforeTheEnd(text: String, ends: Bool) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trailing-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let file = InputFile(path: path, format: .csv, isGzip: false)
        #expect(file.endsLine(before: Int64(text.utf8.count)) == ends)
    }

    @Test func theProbeReadsBothUTF16Orders() throws {
        for (encoding, name) in [(String.Encoding.utf16LittleEndian, "le"), (.utf16BigEndian, "be")] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("trailing-\(name)-\(UUID().uuidString).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            for (text, ends) in [("a\n1\n", true), ("a\n1", false)] {
                let data = try #require(text.data(using: encoding))
                try data.write(to: URL(fileURLWithPath: path))
                #expect(InputFile(path: path, format: .csv, isGzip: false).endsLine(before: Int64(data.count)) == ends, "\(name) \(text)")
            }
        }
    }

    @Test func standardInputGzipAndJSONArraysAreNotProbed() {
        #expect(InputFile(path: "-", format: .ndjson, isGzip: false).endsLine(before: 10))
        #expect(InputFile(path: "/nonexistent.csv.gz", format: .csv, isGzip: true).endsLine(before: 10))
        #expect(InputFile(path: "/nonexistent.json", format: .json, isGzip: false).endsLine(before: 10))
    }
}
