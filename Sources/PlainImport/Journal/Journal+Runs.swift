import Foundation
import GRDB

/// Runs: when each began and ended, and how.
extension Journal {

    /// Records the start of a run and returns its id.
    public func beginRun() throws(JournalError) -> Int64 {
        let stamp = Self.now()
        return try write { db in
            try db.execute(sql: "INSERT INTO run (startedAt) VALUES (?)", arguments: [stamp])
            return db.lastInsertedRowID
        }
    }

    /// Records how a run ended; `exitCode` is nil when the caller does not know it (the library).
    /// `eventsPerSecond` is the rate the run achieved (events settled in Plain per second), nil
    /// when it sent nothing.
    public func finishRun(_ id: Int64, exitCode: Int32?, summary: String, eventsPerSecond: Double? = nil) throws(JournalError) {
        let stamp = Self.now()
        try write { db in
            try db.execute(
                sql: "UPDATE run SET finishedAt = ?, exitCode = ?, summary = ?, eventsPerSecond = ? WHERE id = ?",
                arguments: [stamp, exitCode, summary, eventsPerSecond, id]
            )
        }
    }

    /// The events per second of the last run that sent anything; nil when none has (SPEC §12.11).
    public func lastRunRate() throws(JournalError) -> Double? {
        try read { db in
            try Double.fetchOne(db, sql: "SELECT eventsPerSecond FROM run WHERE eventsPerSecond > 0 ORDER BY id DESC LIMIT 1")
        }
    }

    /// When the last run that ended with every record of its inputs in Plain ended (ISO 8601),
    /// or nil before the first.
    public func lastCompleteRunEnd() throws(JournalError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT finishedAt FROM run WHERE summary = 'complete' AND finishedAt IS NOT NULL ORDER BY id DESC LIMIT 1")
        }
    }
}
