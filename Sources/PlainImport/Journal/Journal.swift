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
            throw JournalError(kind: .unusable, path: path, message: "no journal here", remedy: .giveJournal)
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
            return JournalError(kind: .unusable, path: path, message: "the journal is corrupt", remedy: .newJournal)
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

}
