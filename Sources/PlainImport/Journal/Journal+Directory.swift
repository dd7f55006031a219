import Crypto
import Foundation
import GRDB

/// The journal's memory of customers and threads (SPEC §9), and what `verify` reads and
/// leaves behind (SPEC §10).
extension Journal {
    // MARK: - Customers and threads

    /// What the journal knows of the customer with `key` (`CustomerIdentifier.journalKey`).
    public func customer(_ key: String) throws(JournalError) -> DirectoryEntry? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM customer WHERE identifier = ?", arguments: [key]).map(Self.entry)
        }
    }

    /// Remembers what became of the customer with `key`.
    public func saveCustomer(_ key: String, _ entry: DirectoryEntry) throws(JournalError) {
        let stamp = Self.now()
        let fields = entry.failure.map { JSONWriter.string(.array($0.fields.map(\.json))) }
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO customer (identifier, plainId, result, errorCode, errorMessage, errorFields, requestId, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key, entry.plainId, entry.result.rawValue, entry.failure?.code, entry.failure?.message, fields,
                    entry.failure?.requestId, stamp,
                ]
            )
        }
    }

    /// What the journal knows of the thread `externalId` of the customer with `customer` (journal key).
    public func thread(customer: String, externalId: String) throws(JournalError) -> DirectoryEntry? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT plainId, result FROM thread WHERE customer = ? AND externalId = ?",
                arguments: [customer, externalId]
            ).map(Self.entry)
        }
    }

    /// Remembers what became of the thread `externalId` of `customer`.
    public func saveThread(customer: String, externalId: String, _ entry: DirectoryEntry) throws(JournalError) {
        let stamp = Self.now()
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO thread (customer, externalId, plainId, result, updatedAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [customer, externalId, entry.plainId, entry.result.rawValue, stamp]
            )
        }
    }

    /// Customers by how they became known: created, existing (found, or upserted as NOOP /
    /// UPDATED), failed (refused or not found).
    public func customerCounts() throws(JournalError) -> CustomerCounts {
        try read { db in
            var counts = CustomerCounts()
            for row in try Row.fetchAll(db, sql: "SELECT result, count(*) AS n FROM customer GROUP BY result") {
                let n: Int = row["n"]
                switch DirectoryEntry.Result(rawValue: row["result"]) {
                case .created?: counts.created += n
                case .noop?, .updated?, .found?: counts.existing += n
                case .notFound?, .refused?, nil: counts.failed += n
                }
            }
            return counts
        }
    }

    private static func entry(from row: Row) -> DirectoryEntry {
        let result = DirectoryEntry.Result(rawValue: row["result"]) ?? .notFound
        var failure: PlainFailure?
        if result == .refused, row.hasColumn("errorCode") {
            let fieldsText: String? = row["errorFields"]
            let fields = fieldsText.flatMap { try? JSONParser.parse($0) }?.arrayValue?.map(PlainFailure.FieldError.init(json:)) ?? []
            failure = PlainFailure(
                category: .validation,
                code: row["errorCode"] ?? "refused",
                message: row["errorMessage"] ?? "Plain refused the customer",
                fields: fields,
                requestId: row["requestId"]
            )
        }
        return DirectoryEntry(plainId: row["plainId"], result: result, failure: failure)
    }

    // MARK: - Read-back

    /// The records held as in Plain (done or duplicate), in source order; with `sample`, that
    /// many picked at random, seeded by the journal so that a re-run picks the same ones.
    public func recordsInPlain(sample: Int?) throws(JournalError) -> [VerifiableRecord] {
        let all: [VerifiableRecord] = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.sourceId, s.path, r.byteOffset, r.line, r.externalId, r.kind, r.customer, r.parentId, s.format
                    FROM record r JOIN source s ON s.id = r.sourceId
                    WHERE r.status IN \(RecordStatus.sql(RecordStatus.inPlain)) AND r.externalId IS NOT NULL
                    ORDER BY r.sourceId, r.byteOffset
                    """
            ).map { row in
                VerifiableRecord(
                    sourceId: row["sourceId"],
                    source: row["path"],
                    offset: row["byteOffset"],
                    line: row["line"],
                    externalId: row["externalId"],
                    kind: (row["kind"] as String?).flatMap(EventKind.init(rawValue:)) ?? .customer,
                    customer: row["customer"],
                    parentId: row["parentId"]
                )
            }
        }
        guard let sample, sample < all.count else { return all }
        let seed = try self.seed()
        let ranked = all.map { record in
            (rank: hexString(SHA256.hash(data: Array("\(seed)/\(record.sourceId)/\(record.offset)".utf8))), record: record)
        }
        return ranked.sorted { $0.rank < $1.rank }.prefix(sample).map(\.record)
            .sorted { ($0.sourceId, $0.offset) < ($1.sourceId, $1.offset) }
    }

    /// The journal's own random seed, made when it was created.
    func seed() throws(JournalError) -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'seed'") ?? "plain-import" }
    }

    /// Replaces the list of records the last `verify` found missing.
    public func saveMissing(_ records: [VerifiableRecord]) throws(JournalError) {
        let keys = records.map { ($0.sourceId, $0.offset) }
        try write { db in
            try db.execute(sql: "DELETE FROM missing")
            for (sourceId, offset) in keys {
                try db.execute(sql: "INSERT OR IGNORE INTO missing (sourceId, byteOffset) VALUES (?, ?)", arguments: [sourceId, offset])
            }
        }
    }

    /// How many records the last `verify` found missing and are not yet sent again.
    public func missingCount() throws(JournalError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM missing") ?? 0 }
    }

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

    /// The source with `id`, as the journal has it now.
    public func source(id: Int64) throws(JournalError) -> JournalSource? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM source WHERE id = ?", arguments: [id]).map(Self.source) }
    }
}
