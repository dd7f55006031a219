import Foundation
import GRDB

/// Sources: one row per version of an input, with its checkpoint, read mark and stamp.
extension Journal {

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
                sql: "DELETE FROM record WHERE sourceId = ? AND status = \(RecordStatus.invalid.sql) AND errorCode = ?",
                arguments: [sourceId, Self.unreadableCode]
            )
        }
    }

    /// The source with `id`, as the journal has it now.
    public func source(id: Int64) throws(JournalError) -> JournalSource? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM source WHERE id = ?", arguments: [id]).map(Self.source) }
    }
}
