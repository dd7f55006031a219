import Foundation
import GRDB

/// What `status` and `failures` show.
extension Journal {

    /// Counts per source (optionally only `sourceIds`), in the order sources were first seen;
    /// superseded versions of a source (SPEC §13.4) only with `includeSuperseded`.
    public func statusReport(sourceIds: Set<Int64>? = nil, includeSuperseded: Bool = false) throws(JournalError) -> [SourceStatus] {
        try read { db in
            let sources = try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY id").map(Self.source)
                .filter { (sourceIds?.contains($0.id) ?? true) && (includeSuperseded || $0.supersededBy == nil) }
            var counts: [Int64: StatusCounts] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sourceId, status, count(*) AS n FROM record GROUP BY sourceId, status") {
                guard let status = RecordStatus(rawValue: row["status"]) else { continue }
                counts[row["sourceId"], default: StatusCounts()].add(status, row["n"])
            }
            let lastRuns = try Row.fetchAll(db, sql: "SELECT id, lastRunAt FROM source")
            var lastRun: [Int64: String] = [:]
            for row in lastRuns { if let value: String = row["lastRunAt"] { lastRun[row["id"]] = value } }
            return sources.map { SourceStatus(source: $0, counts: counts[$0.id] ?? StatusCounts(), lastRun: lastRun[$0.id]) }
        }
    }

    /// Failed and invalid records of the sources' current versions, in source and line order.
    public func failures() throws(JournalError) -> [FailureEntry] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.path, r.line, r.externalId, r.status, r.errorCode, r.errorMessage, r.errorFields, r.requestId, r.record
                    FROM record r JOIN source s ON s.id = r.sourceId
                    WHERE r.status IN \(RecordStatus.sql(RecordStatus.refused)) AND s.supersededBy IS NULL
                    ORDER BY r.sourceId, r.byteOffset
                    """
            ).map { row in
                FailureEntry(
                    source: row["path"],
                    line: row["line"],
                    externalId: row["externalId"],
                    status: RecordStatus(rawValue: row["status"]) ?? .failed,
                    errorCode: row["errorCode"],
                    errorMessage: row["errorMessage"],
                    errorFields: row["errorFields"],
                    requestId: row["requestId"],
                    record: row["record"]
                )
            }
        }
    }
}
