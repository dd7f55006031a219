import Crypto
import Foundation
import GRDB

/// What `verify` reads of the journal and leaves behind: the records held as in Plain, and
/// those it found missing (SPEC §10).
extension Journal {
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
}
