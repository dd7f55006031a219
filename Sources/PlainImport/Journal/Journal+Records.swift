import Foundation
import GRDB

/// Records: each record's fate, looked up by place or externalId, and written in batches.
extension Journal {
    /// The externalIds of records now in `status`, in journal order (for operators and tests).
    public func externalIds(status: RecordStatus) throws(JournalError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT externalId FROM record WHERE status = ? AND externalId IS NOT NULL ORDER BY sourceId, byteOffset",
                arguments: [status.rawValue]
            )
        }
    }

    /// Whether the source has any settled record (SPEC §7.12 "begun").
    public func hasSettledRecords(sourceId: Int64) throws(JournalError) -> Bool {
        try read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS(SELECT 1 FROM record WHERE sourceId = ? AND status IN \(RecordStatus.sql(RecordStatus.settled)))
                    """,
                arguments: [sourceId]
            ) ?? false
        }
    }

    /// The largest offset of a settled record at or after `offset`, or nil.
    public func lastSettledOffset(sourceId: Int64, from offset: Int64) throws(JournalError) -> Int64? {
        try read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT max(byteOffset) FROM record
                    WHERE sourceId = ? AND byteOffset >= ? AND status IN \(RecordStatus.sql(RecordStatus.settled))
                    """,
                arguments: [sourceId, offset]
            )
        }
    }

    /// The first failed record of a source (for `--retry-failed`), as (offset, line).
    public func firstFailed(sourceId: Int64) throws(JournalError) -> (offset: Int64, line: Int)? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT byteOffset, line FROM record WHERE sourceId = ? AND status = \(RecordStatus.failed.sql) ORDER BY byteOffset LIMIT 1
                    """,
                arguments: [sourceId]
            ).map { ($0["byteOffset"], $0["line"]) }
        }
    }

    /// The status of the record at `offset`, if journaled.
    public func status(sourceId: Int64, offset: Int64) throws(JournalError) -> RecordStatus? {
        try journaled(sourceId: sourceId, offset: offset)?.status
    }

    /// The status of the record journaled at `offset`, and the checksum of the bytes up to its
    /// end as it was read (nil when the journal has none for it).
    public func journaled(sourceId: Int64, offset: Int64) throws(JournalError) -> (status: RecordStatus, checksum: PrefixChecksum?)? {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT status, checksum FROM record WHERE sourceId = ? AND byteOffset = ?")
            guard let row = try Row.fetchOne(statement, arguments: [sourceId, offset]),
                let status = RecordStatus(rawValue: row["status"])
            else { return nil }
            return (status, (row["checksum"] as Int64?).map(Self.checksum))
        }
    }

    /// Whether some record with `externalId` is already in Plain (done or duplicate).
    public func isInPlain(externalId: String) throws(JournalError) -> Bool {
        try read { db in
            // Asked per record where no window looked it up (`check`, the settled region of a
            // retry): the statement is prepared once per connection.
            let statement = try db.cachedStatement(
                sql: "SELECT EXISTS(SELECT 1 FROM record WHERE externalId = ? AND status IN \(RecordStatus.sql(RecordStatus.inPlain)))"
            )
            return try Bool.fetchOne(statement, arguments: [externalId]) ?? false
        }
    }

    /// How many externalIds one query of `inPlain(_:)` looks up.
    static let lookupBatch = 64

    /// Which of `externalIds` some record already has in Plain (done or duplicate): one query
    /// per 64 of them, where `isInPlain` makes one each.
    public func inPlain(_ externalIds: [String]) throws(JournalError) -> Set<String> {
        var found: Set<String> = []
        var start = 0
        while start < externalIds.count {
            let chunk = externalIds[start..<min(start + Self.lookupBatch, externalIds.count)]
            found.formUnion(
                try read { db in
                    // One statement for every chunk: unused places are NULL, which matches nothing.
                    // The `+` keeps SQLite on the externalId index: by the status index it would
                    // read every record in Plain for each chunk.
                    let places = Array(repeating: "?", count: Self.lookupBatch).joined(separator: ",")
                    let statement = try db.cachedStatement(
                        sql: "SELECT externalId FROM record WHERE externalId IN (\(places)) AND +status IN \(RecordStatus.sql(RecordStatus.inPlain))"
                    )
                    var values: [(any DatabaseValueConvertible)?] = Array(chunk)
                    values += Array(repeating: nil, count: Self.lookupBatch - chunk.count)
                    return try String.fetchAll(statement, arguments: StatementArguments(values))
                }
            )
            start += Self.lookupBatch
        }
        return found
    }

    // MARK: - Batches

    /// Writes record states and each source's progress in one transaction. A source's read mark
    /// only ever moves forward.
    /// The record upsert: a new record, or a later state of one by the merge rule of `RecordUpdate`.
    static let upsertRecordSQL: String = {
        let updated = [
            "line", "externalId", "status", "plainId", "errorCode", "errorMessage", "errorFields", "requestId", "record", "updatedAt",
            "kind", "customer", "parentId", "checksum",
        ]
        let columns = ["sourceId", "byteOffset"] + updated
        return "INSERT INTO record (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", "))) "
            + "ON CONFLICT (sourceId, byteOffset) DO UPDATE SET \(RecordUpdate.upsertAssignments(updated))"
    }()

    public func commit(_ updates: [RecordUpdate], progress: [Int64: SourceProgress]) throws(JournalError) {
        guard !updates.isEmpty || !progress.isEmpty else { return }
        let stamp = Self.now()
        let progressList = progress.map { ($0.key, $0.value) }
        try write { db in
            let statement = try db.cachedStatement(sql: Self.upsertRecordSQL)
            for update in RecordUpdate.folded(updates) {
                // In the order of `upsertRecordSQL`'s columns.
                try statement.execute(arguments: [
                    update.sourceId, update.offset, update.line, update.externalId, update.status.rawValue, update.plainId,
                    update.errorCode, update.errorMessage, update.errorFields, update.requestId, update.record, stamp,
                    update.kind?.rawValue, update.customer, update.parentId, update.checksum.map { Int64($0.value) },
                ])
            }
            for (sourceId, progress) in progressList {
                let checkpoint = progress.checkpoint
                let read = progress.read
                try db.execute(
                    sql: "UPDATE source SET checkpointOffset = ?, checkpointLine = ?, checkpointChecksum = ? WHERE id = ?",
                    arguments: [checkpoint.offset, checkpoint.line, checkpoint.checksum.map { Int64($0.value) }, sourceId]
                )
                try db.execute(
                    sql: "UPDATE source SET readOffset = ?, readLine = ?, readChecksum = ? WHERE id = ? AND readOffset <= ?",
                    arguments: [read.offset, read.line, read.checksum.map { Int64($0.value) }, sourceId, read.offset]
                )
            }
        }
    }
}
