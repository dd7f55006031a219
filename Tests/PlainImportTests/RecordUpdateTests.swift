import Foundation
import GRDB
import Testing

@testable import PlainImport

/// A batch writes each record once, with its last state folded over the earlier ones: the rows
/// must be exactly those that writing every update in turn gives (a real SQLite file each).
@Suite struct RecordUpdateTests {
    static func updates(sourceId: Int64) -> [RecordUpdate] {
        var done = RecordUpdate(sourceId: sourceId, offset: 0, line: 2, externalId: "e1", status: .done, plainId: "p1")
        done.kind = .customer
        done.customer = "email:ada@example.com"
        done.parentId = "c_1"
        let failed = RecordUpdate(
            sourceId: sourceId,
            offset: 10,
            line: 3,
            externalId: "e2",
            status: .failed,
            errorCode: "input_validation",
            errorMessage: "no",
            record: #"{"a":"b"}"#
        )
        var laterPending = RecordUpdate(sourceId: sourceId, offset: 10, line: 3, externalId: "e2", status: .pending)
        laterPending.kind = .thread
        return [
            RecordUpdate(sourceId: sourceId, offset: 0, line: 2, externalId: "e1", status: .inFlight),
            failed,
            RecordUpdate(sourceId: sourceId, offset: 20, line: 4, externalId: nil, status: .invalid, record: "x"),
            done,
            laterPending,
            RecordUpdate(sourceId: sourceId, offset: 30, line: 5, externalId: "e4", status: .inFlight),
            RecordUpdate(sourceId: sourceId, offset: 30, line: 5, externalId: "e4", status: .duplicate),
            // A record written by an earlier batch (below): its plain id stays.
            RecordUpdate(sourceId: sourceId, offset: 40, line: 6, externalId: "e5", status: .inFlight),
            RecordUpdate(sourceId: sourceId, offset: 40, line: 6, externalId: "e5", status: .duplicate),
        ]
    }

    static func rows(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT byteOffset, line, externalId, status, plainId, errorCode, errorMessage, record, kind, customer, parentId
                    FROM record ORDER BY byteOffset
                    """
            ).map { "\($0)" }
        }
    }

    @Test func aFoldedBatchWritesWhatEveryUpdateInTurnWrites() throws {
        let directory = temporaryDirectory()
        let input = directory.appendingPathComponent("in.ndjson").path
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: input))
        var paths: [String] = []
        for (index, oneByOne) in [true, false].enumerated() {
            let path = directory.appendingPathComponent("j\(index).db").path
            paths.append(path)
            let journal = try Journal(path: path)
            let source = try journal.addSource(path: input, format: .ndjson, mappingFingerprint: nil)
            try journal.commit(
                [RecordUpdate(sourceId: source.id, offset: 40, line: 6, externalId: "e5", status: .done, plainId: "p5")],
                progress: [:]
            )
            let batch = Self.updates(sourceId: source.id)
            if oneByOne {
                for update in batch { try journal.commit([update], progress: [:]) }
            } else {
                #expect(RecordUpdate.folded(batch).count == 5, "five records, each written once")
                try journal.commit(batch, progress: [:])
            }
        }
        let sequential = try Self.rows(paths[0])
        #expect(sequential.count == 5)
        #expect(try Self.rows(paths[1]) == sequential)
        #expect(sequential.last?.contains("p5") == true, "a later state without a plain id keeps the one written before")
    }
}
