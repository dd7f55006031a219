import Foundation
import GRDB

/// The journal's memory of customers and threads (SPEC §9).
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
}
