import Foundation
import PlainFake
import PlainImport
import Testing

@testable import plain_import

/// `status` prints an aligned table with long paths shortened from the left, as docs/commands.md shows.
@Suite struct StatusTableTests {
    @Test func longPathsAreShortenedFromTheLeftAndStayDistinct() {
        let build = "/work/wt-fixes/.build/x86_64-unknown-linux-gnu/debug/plain-import_plain-import.resources/Samples"
        #expect(
            StatusTable.shortened(["\(build)/orders.csv", "\(build)/events.ndjson", "short.csv", "-"])
                == ["…/Samples/orders.csv", "…/Samples/events.ndjson", "short.csv", "-"]
        )
        let a = "/srv/exports/2026/very-long-directory-name-number-one/day/orders.csv"
        let b = "/srv/exports/2026/very-long-directory-name-number-two/day/orders.csv"
        #expect(
            StatusTable.shortened([a, b])
                == ["…/very-long-directory-name-number-one/day/orders.csv", "…/very-long-directory-name-number-two/day/orders.csv"]
        )
        #expect(StatusTable.shortened(["/x/" + String(repeating: "n", count: 50) + ".csv"]) == ["…/" + String(repeating: "n", count: 50) + ".csv"])
    }

    @Test func columnsAreAlignedWithoutTrailingSpaces() {
        let lines = StatusTable.aligned([
            ["source", "records", "last run"], ["…/Samples/orders.csv", "300", "2026-11-22T07:25:51Z"], ["total", "500"],
        ])
        #expect(
            lines == [
                "source               records last run",
                "…/Samples/orders.csv 300     2026-11-22T07:25:51Z",
                "total                500",
            ]
        )
    }

    @Test func statusPrintsTheTable() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples").path
            #expect(try await cli.run(["import", "\(samples)/events.ndjson", "--rate", "60000", "--concurrency", "16"]).status == 0)
            let status = try await cli.run(["status"])
            #expect(status.status == 0)
            let lines = status.stdout.split(separator: "\n").map(String.init)
            try #require(lines.count == 4, "\(status.stdout)")
            #expect(lines[3].hasPrefix("left: 0 pending, 0 B unread; nothing left to send"), "\(lines[3])")
            #expect(lines.first?.hasPrefix("source") == true)
            #expect(!status.stdout.contains("\t"))
            #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
            // However long the checkout's path, the row shows it as the table's own rule shortens it.
            let path = StatusTable.shortened(["\(samples)/events.ndjson"])[0]
            #expect(path.hasSuffix("/samples/events.ndjson"))
            #expect(lines[1].hasPrefix(path + " "), "\(lines[1])")
            #expect(lines[2].hasPrefix("total"))
            // Aligned: "records" and each count start at the same column.
            let column = lines[0].distance(from: lines[0].startIndex, to: lines[0].range(of: "records")?.lowerBound ?? lines[0].endIndex)
            #expect(Array(lines[1])[column...].starts(with: Array("200 ")), "\(lines)")
            #expect(Array(lines[2])[column...].starts(with: Array("200 ")), "\(lines)")
        }
    }
}
