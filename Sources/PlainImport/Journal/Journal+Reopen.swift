import Foundation
import GRDB

/// Records made unsettled again for a run to send or map them again: those `verify` found
/// missing (`--retry-missing`) and the invalid ones (`--retry-invalid`). The records' status
/// changes to pending and nothing else: the next state the run writes merges over them by the
/// journal's one rule (`RecordUpdate.keptWhenUnset`).
extension Journal {
    /// Makes the records the last `verify` found missing unsettled again, with each source's
    /// checkpoint moved back to the first of them, so that the next import reads and sends
    /// them again with their externalIds (SPEC §12.9). Returns how many there were.
    @discardableResult
    public func reopenMissing() throws(JournalError) -> Int {
        try write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.sourceId, m.byteOffset, r.line FROM missing m
                    JOIN record r ON r.sourceId = m.sourceId AND r.byteOffset = m.byteOffset
                    """
            )
            try Self.reopen(rows, in: db)
            try db.execute(sql: "DELETE FROM missing")
            return rows.count
        }
    }

    /// Makes the invalid records of `sourceIds` unsettled again, each source's checkpoint moved
    /// back to the first of them, so that the run reads and maps them again with the current
    /// mapping (`--retry-invalid`, SPEC §11). Returns how many there were.
    @discardableResult
    public func reopenInvalid(sourceIds: [Int64]) throws(JournalError) -> Int {
        try write { db in
            var count = 0
            for sourceId in sourceIds {
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT sourceId, byteOffset, line FROM record WHERE sourceId = ? AND status = \(RecordStatus.invalid.sql)",
                    arguments: [sourceId]
                )
                try Self.reopen(rows, in: db)
                count += rows.count
            }
            return count
        }
    }

    /// Marks the records of `rows` (`sourceId`, `byteOffset`, `line`) pending and moves their
    /// sources' checkpoints back to the first of them.
    private static func reopen(_ rows: [Row], in db: Database) throws {
        for row in rows {
            let sourceId: Int64 = row["sourceId"]
            let offset: Int64 = row["byteOffset"]
            let line: Int = row["line"]
            try db.execute(
                sql: "UPDATE record SET status = \(RecordStatus.pending.sql) WHERE sourceId = ? AND byteOffset = ?",
                arguments: [sourceId, offset]
            )
            try db.execute(
                sql: """
                    UPDATE source SET checkpointOffset = ?, checkpointLine = ?, checkpointChecksum = NULL, endOffset = NULL
                    WHERE id = ? AND checkpointOffset > ?
                    """,
                arguments: [offset, line, sourceId, offset]
            )
        }
    }
}
