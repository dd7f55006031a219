import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SQLite journal (SPEC §5): every record's fate and externalId, a checkpoint per source,
/// and the runs. WAL, `synchronous = FULL`, file mode 0600; writes come in batches, each one
/// transaction, so a crash loses at most the last batch, never consistency.
public final class Journal: Sendable {
    private let database: DatabaseQueue
    /// Held from before the database is opened until after it is closed (see `JournalLock`).
    private let lock: JournalLock?
    /// The private copy a read-only journal is read from, when it cannot be read in place.
    private let readingCopy: String?
    public let path: String

    /// Opens (or creates) the journal at `path`. `readOnly` opens an existing one for reading.
    /// `lockedForRun` first takes the journal's run lock (`JournalLock`), held until the journal
    /// is released; another run then fails with `.locked`.
    public init(path: String, readOnly: Bool = false, lockedForRun: Bool = false) throws(JournalError) {
        self.path = path
        lock = lockedForRun && !readOnly ? try JournalLock(journalPath: path) : nil
        let exists = access(path, F_OK) == 0
        if readOnly && !exists {
            throw JournalError(kind: .unusable, path: path, message: "no journal here (run an import first, or pass --journal FILE)")
        }
        if !exists {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw JournalError(kind: .unusable, path: path, message: "cannot create: \(String(cString: strerror(errno)))")
            }
            close(fd)
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.journalMode = readOnly ? .default : .wal
        configuration.busyMode = .timeout(5)
        configuration.label = "plain-import journal"
        do {
            (database, readingCopy) = try Self.openDatabase(path, configuration: configuration)
            if !readOnly {
                // GRDB sets NORMAL for WAL after our setup; FULL makes each commit durable.
                try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            }
            try database.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            if !readOnly {
                try Self.migrator.migrate(database)
            } else {
                let known = try database.read { db in try db.tableExists("record") && db.tableExists("source") }
                guard known else { throw JournalError(kind: .unusable, path: path, message: "this SQLite file is not a plain-import journal") }
            }
        } catch let error as JournalError {
            throw error
        } catch let error as DatabaseError {
            throw Self.describe(error, path: path, opening: true)
        } catch {
            throw JournalError(kind: .unusable, path: path, message: "\(error)")
        }
    }

    /// Opens the database. A journal opened for reading where SQLite cannot open it in place
    /// (a read-only mount or directory, where it cannot create its shared-memory file) is read
    /// from a private copy of it and its write-ahead log, removed when the journal is released.
    private static func openDatabase(_ path: String, configuration: Configuration) throws -> (DatabaseQueue, String?) {
        do {
            let database = try DatabaseQueue(path: path, configuration: configuration)
            if configuration.readonly {
                try database.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            }
            return (database, nil)
        } catch let error as DatabaseError where configuration.readonly && [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) {
            guard let copy = try? copyForReading(path) else { throw error }
            do {
                let database = try DatabaseQueue(path: copy + "/journal.db", configuration: configuration)
                try database.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
                return (database, copy)
            } catch {
                try? FileManager.default.removeItem(atPath: copy)
                throw error
            }
        }
    }

    /// Copies the journal at `path` and its write-ahead log into a new private directory.
    private static func copyForReading(_ path: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-reading-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        do {
            try FileManager.default.copyItem(atPath: path, toPath: directory + "/journal.db")
            if access(path + "-wal", F_OK) == 0 { try FileManager.default.copyItem(atPath: path + "-wal", toPath: directory + "/journal.db-wal") }
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        return directory
    }

    deinit {
        // Close the connection before the lock (a stored property) is released.
        try? database.close()
        if let readingCopy { try? FileManager.default.removeItem(atPath: readingCopy) }
    }

    static func describe(_ error: DatabaseError, path: String, opening: Bool) -> JournalError {
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return JournalError(kind: .unusable, path: path, message: "not a plain-import journal (not an SQLite database)")
        case .SQLITE_CORRUPT:
            return JournalError(kind: .unusable, path: path, message: "the journal is corrupt; keep a copy and start a new one with --journal")
        case .SQLITE_FULL:
            return JournalError(
                kind: opening ? .unusable : .writeFailed,
                path: path,
                message: "the disk is full; free space and run again (what was committed is kept)"
            )
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return JournalError(
                kind: opening ? .unusable : .writeFailed,
                path: path,
                message: "cannot write the journal (\(error.message ?? "read-only")); check its permissions"
            )
        case .SQLITE_IOERR:
            return JournalError(
                kind: opening ? .unusable : .writeFailed,
                path: path,
                message: "the journal could not be "
                    + "\(opening ? "read" : "written") (disk I/O error: a full disk, a file size limit or failing storage); "
                    + "what was committed is kept"
            )
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return JournalError(kind: .locked, path: path, message: "the journal is busy: another process is writing it")
        default:
            return JournalError(kind: opening ? .unusable : .writeFailed, path: path, message: error.message ?? "\(error.resultCode)")
        }
    }

    private static var migrator: DatabaseMigrator {
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
    static func now() -> String { TimestampParser.iso8601(Date(), milliseconds: false) }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(JournalError) -> T {
        do {
            return try database.write(body)
        } catch let error as DatabaseError {
            throw Self.describe(error, path: path, opening: false)
        } catch {
            throw JournalError(kind: .writeFailed, path: path, message: "\(error)")
        }
    }

    /// Runs reads outside a transaction: a single query needs none, and GRDB's `read` would
    /// switch the connection to read-only and back (two statements) around every look-up, once
    /// per record read.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(JournalError) -> T {
        do {
            return try database.inDatabase(body)
        } catch let error as DatabaseError {
            throw Self.describe(error, path: path, opening: true)
        } catch {
            throw JournalError(kind: .unusable, path: path, message: "\(error)")
        }
    }

    // MARK: - Sources

    static func source(from row: Row) -> JournalSource {
        JournalSource(
            id: row["id"],
            path: row["path"],
            size: row["size"],
            headHash: row["headHash"],
            headLength: row["headLength"],
            format: row["format"],
            mappingFingerprint: row["mappingFingerprint"],
            checkpointOffset: row["checkpointOffset"],
            checkpointLine: row["checkpointLine"],
            endOffset: row["endOffset"],
            checksummed: row["checksummed"],
            checkpointChecksum: (row["checkpointChecksum"] as Int64?).map(Self.checksum),
            read: SourceMark(offset: row["readOffset"], line: row["readLine"], checksum: (row["readChecksum"] as Int64?).map(Self.checksum)),
            stamp: Self.stamp(from: row),
            supersededBy: row["supersededBy"]
        )
    }

    static func checksum(_ stored: Int64) -> PrefixChecksum { PrefixChecksum(value: UInt32(truncatingIfNeeded: stored)) }

    private static func stamp(from row: Row) -> FileStamp? {
        guard let size: Int64 = row["stampSize"], let modified: Int64 = row["stampModified"], let inode: Int64 = row["stampInode"],
            let device: Int64 = row["stampDevice"]
        else { return nil }
        return FileStamp(size: size, modified: modified, inode: inode, device: device)
    }

    /// The current version of the source read from `path` as `format`: the newest one that no
    /// later version superseded (SPEC §13.4); nil when the journal has none.
    public func currentSource(atPath path: String, format: InputFormat) throws(JournalError) -> JournalSource? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT * FROM source WHERE path = ? AND format = ? AND supersededBy IS NULL ORDER BY id DESC LIMIT 1",
                arguments: [path, format.rawValue]
            ).map(Self.source)
        }
    }

    /// Records a new source (a new version of `earlier`, which no longer counts from then on)
    /// and returns it.
    public func addSource(
        path: String,
        format: InputFormat,
        mappingFingerprint: String?,
        supersedes earlier: Int64? = nil
    ) throws(JournalError) -> JournalSource {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO source (path, size, headHash, headLength, format, mappingFingerprint, createdAt, checksummed)
                    VALUES (?, 0, '', 0, ?, ?, ?, 1)
                    """,
                arguments: [path, format.rawValue, mappingFingerprint, Self.now()]
            )
            let id = db.lastInsertedRowID
            if let earlier {
                try db.execute(sql: "UPDATE source SET supersededBy = ? WHERE id = ?", arguments: [id, earlier])
            }
            return JournalSource(
                id: id,
                path: path,
                size: 0,
                headHash: "",
                headLength: 0,
                format: format.rawValue,
                mappingFingerprint: mappingFingerprint,
                checkpointOffset: 0,
                checkpointLine: 1,
                endOffset: nil,
                checksummed: true,
                checkpointChecksum: nil,
                read: SourceMark(offset: 0, line: 1, checksum: nil),
                stamp: nil,
                supersededBy: nil
            )
        }
    }

    /// Notes that a run uses `sourceId` now, with the file's current size, its stamp as seen
    /// before reading (nil: not to be trusted next time) and this mapping. A size that changed
    /// forgets where the source ended.
    public func touchSource(_ sourceId: Int64, size: Int64, stamp: FileStamp?, mappingFingerprint: String?) throws(JournalError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE source SET endOffset = CASE WHEN size = ? THEN endOffset ELSE NULL END,
                        size = ?, mappingFingerprint = ?, lastRunAt = ?,
                        stampSize = ?, stampModified = ?, stampInode = ?, stampDevice = ?
                    WHERE id = ?
                    """,
                arguments: [size, size, mappingFingerprint, Self.now(), stamp?.size, stamp?.modified, stamp?.inode, stamp?.device, sourceId]
            )
        }
    }

    /// Forgets what was read of a source, so that the next run reads its file as a new version:
    /// a record read again was not the record journaled at its offset (SPEC §13.3).
    public func distrust(_ sourceId: Int64) throws(JournalError) {
        try write { db in
            try db.execute(
                sql: "UPDATE source SET checksummed = 0, stampSize = NULL, stampModified = NULL WHERE id = ?",
                arguments: [sourceId]
            )
        }
    }

    /// Records of a source from `offset` on, in offset order, at most `limit`: where each starts,
    /// its line and the checksum of the bytes up to its end as it was read.
    public func recordMarks(
        sourceId: Int64,
        from offset: Int64,
        limit: Int
    ) throws(JournalError) -> [(
        offset: Int64, line: Int, checksum: PrefixChecksum?
    )] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT byteOffset, line, checksum FROM record WHERE sourceId = ? AND byteOffset >= ? ORDER BY byteOffset LIMIT ?",
                arguments: [sourceId, offset, limit]
            ).map { ($0["byteOffset"], $0["line"], ($0["checksum"] as Int64?).map(Self.checksum)) }
        }
    }

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

    /// Notes that the source was read to its end, which is at `offset` of its (decompressed) bytes.
    public func markReadToEnd(_ sourceId: Int64, offset: Int64) throws(JournalError) {
        try write { db in
            try db.execute(sql: "UPDATE source SET endOffset = ? WHERE id = ?", arguments: [offset, sourceId])
        }
    }

    /// The error code of the record that stands for the unread rest of a source whose reading
    /// failed part-way (a truncated `.gz`, a read error): invalid, so the inputs are not all in
    /// Plain, listed by `failures`, and replaced by what the next read finds there.
    public static let unreadableCode = "unreadable_input"

    /// Forgets what the last read of the source said about its unread rest: reading it again
    /// states it anew.
    public func forgetUnreadable(sourceId: Int64) throws(JournalError) {
        try write { db in
            try db.execute(
                sql: "DELETE FROM record WHERE sourceId = ? AND status = 'invalid' AND errorCode = ?",
                arguments: [sourceId, Self.unreadableCode]
            )
        }
    }

    /// Whether the source has any settled record (SPEC §7.12 "begun").
    public func hasSettledRecords(sourceId: Int64) throws(JournalError) -> Bool {
        try read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS(SELECT 1 FROM record WHERE sourceId = ? AND status IN ('done','duplicate','failed','invalid'))
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
                    WHERE sourceId = ? AND byteOffset >= ? AND status IN ('done','duplicate','failed','invalid')
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
                    SELECT byteOffset, line FROM record WHERE sourceId = ? AND status = 'failed' ORDER BY byteOffset LIMIT 1
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
                sql: "SELECT EXISTS(SELECT 1 FROM record WHERE externalId = ? AND status IN ('done','duplicate'))"
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
                        sql: "SELECT externalId FROM record WHERE externalId IN (\(places)) AND +status IN ('done','duplicate')"
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
    public func commit(_ updates: [RecordUpdate], progress: [Int64: SourceProgress]) throws(JournalError) {
        guard !updates.isEmpty || !progress.isEmpty else { return }
        let stamp = Self.now()
        let progressList = progress.map { ($0.key, $0.value) }
        try write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO record (sourceId, byteOffset, line, externalId, status, plainId, errorCode, errorMessage,
                                        errorFields, requestId, record, updatedAt, kind, customer, parentId, checksum)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sourceId, byteOffset) DO UPDATE SET
                        line = excluded.line, externalId = excluded.externalId, status = excluded.status,
                        plainId = coalesce(excluded.plainId, plainId), errorCode = excluded.errorCode,
                        errorMessage = excluded.errorMessage, errorFields = excluded.errorFields,
                        requestId = excluded.requestId, record = coalesce(excluded.record, record), updatedAt = excluded.updatedAt,
                        kind = coalesce(excluded.kind, kind), customer = coalesce(excluded.customer, customer),
                        parentId = coalesce(excluded.parentId, parentId), checksum = coalesce(excluded.checksum, checksum)
                    """
            )
            for update in RecordUpdate.folded(updates) {
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

    // MARK: - Runs

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

    // MARK: - Reports

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
                    WHERE r.status IN ('failed', 'invalid') AND s.supersededBy IS NULL
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
