import Foundation
import GRDB

/// The journal's tables, as a chain of migrations: each version adds to the last, never changes it.
extension Journal {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE source (
                        id INTEGER PRIMARY KEY,
                        path TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        headHash TEXT NOT NULL,
                        headLength INTEGER NOT NULL,
                        format TEXT NOT NULL,
                        mappingFingerprint TEXT,
                        checkpointOffset INTEGER NOT NULL DEFAULT 0,
                        checkpointLine INTEGER NOT NULL DEFAULT 1,
                        createdAt TEXT NOT NULL,
                        lastRunAt TEXT
                    );
                    CREATE INDEX source_path ON source(path);
                    CREATE TABLE record (
                        sourceId INTEGER NOT NULL REFERENCES source(id),
                        byteOffset INTEGER NOT NULL,
                        line INTEGER NOT NULL,
                        externalId TEXT,
                        status TEXT NOT NULL,
                        plainId TEXT,
                        errorCode TEXT,
                        errorMessage TEXT,
                        errorFields TEXT,
                        requestId TEXT,
                        record TEXT,
                        updatedAt TEXT NOT NULL,
                        PRIMARY KEY (sourceId, byteOffset)
                    ) WITHOUT ROWID;
                    CREATE INDEX record_externalId ON record(externalId);
                    CREATE INDEX record_status ON record(status, sourceId);
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY,
                        startedAt TEXT NOT NULL,
                        finishedAt TEXT,
                        exitCode INTEGER,
                        summary TEXT
                    );
                    """
            )
        }
        migrator.registerMigration("v2: where a source ended") { db in
            try db.execute(sql: "ALTER TABLE source ADD COLUMN endOffset INTEGER")
        }
        migrator.registerMigration("v3: customers, threads and read-back") { db in
            try db.execute(
                sql: """
                    CREATE TABLE customer (
                        identifier TEXT PRIMARY KEY,
                        plainId TEXT,
                        result TEXT NOT NULL,
                        errorCode TEXT,
                        errorMessage TEXT,
                        errorFields TEXT,
                        requestId TEXT,
                        updatedAt TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE thread (
                        customer TEXT NOT NULL,
                        externalId TEXT NOT NULL,
                        plainId TEXT,
                        result TEXT NOT NULL,
                        updatedAt TEXT NOT NULL,
                        PRIMARY KEY (customer, externalId)
                    ) WITHOUT ROWID;
                    ALTER TABLE record ADD COLUMN kind TEXT;
                    ALTER TABLE record ADD COLUMN customer TEXT;
                    ALTER TABLE record ADD COLUMN parentId TEXT;
                    CREATE TABLE missing (
                        sourceId INTEGER NOT NULL,
                        byteOffset INTEGER NOT NULL,
                        PRIMARY KEY (sourceId, byteOffset)
                    ) WITHOUT ROWID;
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """
            )
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('seed', ?)", arguments: [UUID().uuidString])
        }
        migrator.registerMigration("v4: each run's achieved rate") { db in
            try db.execute(sql: "ALTER TABLE run ADD COLUMN eventsPerSecond REAL")
        }
        migrator.registerMigration("v5: checksums of what was read, and versions of a source") { db in
            // A source begun before v5 has no checksums (`checksummed` 0): the next run reads
            // it as a new version (SPEC §13.4).
            try db.execute(
                sql: """
                    ALTER TABLE source ADD COLUMN checksummed INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE source ADD COLUMN checkpointChecksum INTEGER;
                    ALTER TABLE source ADD COLUMN readOffset INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE source ADD COLUMN readLine INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE source ADD COLUMN readChecksum INTEGER;
                    ALTER TABLE source ADD COLUMN stampSize INTEGER;
                    ALTER TABLE source ADD COLUMN stampModified INTEGER;
                    ALTER TABLE source ADD COLUMN stampInode INTEGER;
                    ALTER TABLE source ADD COLUMN stampDevice INTEGER;
                    ALTER TABLE source ADD COLUMN supersededBy INTEGER;
                    ALTER TABLE record ADD COLUMN checksum INTEGER;
                    """
            )
        }
        return migrator
    }

    /// The time now as ISO 8601 UTC to the second, as the journal's stamps are written.
}
