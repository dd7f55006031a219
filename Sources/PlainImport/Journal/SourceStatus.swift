/// What `status` shows for one source.
public struct SourceStatus: Sendable, Hashable {
    public let source: JournalSource
    public let counts: StatusCounts
    public let lastRun: String?

    /// Bytes of the file after the checkpoint, not yet read (SPEC §12.11): size − checkpoint
    /// offset; 0 for stdin. For gzip the size is compressed and the checkpoint is not, so this
    /// is 0 once the checkpoint passes the compressed size.
    /// A superseded version has nothing left to read: its file is read as the newer version;
    /// nor has a file read to its end as it was last seen (a JSON array's closing `]` after its
    /// last record's checkpoint is not left to read).
    public var unreadBytes: Int64 {
        if source.path == "-" || source.supersededBy != nil { return 0 }
        if let end = source.endOffset, end >= source.size { return 0 }
        return max(0, source.size - source.checkpointOffset)
    }

    /// Records still to settle: those pending, and the unread ones estimated at
    /// `bytesPerRecord` (this source's bytes per record so far when it has records).
    public func recordsLeft(bytesPerRecord fallback: Double?) -> Double? {
        if source.supersededBy != nil { return 0 }
        let unread = unreadBytes
        guard unread > 0 else { return Double(counts.pending) }
        let perRecord =
            counts.records > 0 && source.checkpointOffset > 0
            ? Double(source.checkpointOffset) / Double(counts.records) : fallback
        guard let perRecord, perRecord > 0 else { return nil }
        return Double(counts.pending) + Double(unread) / perRecord
    }

    /// Seconds to settle what is left at `eventsPerSecond` (the last run's): 0 when nothing is
    /// left, nil when no run has sent anything or the records left cannot be estimated.
    public func etaSeconds(eventsPerSecond: Double?, bytesPerRecord: Double?) -> Double? {
        guard let left = recordsLeft(bytesPerRecord: bytesPerRecord) else { return nil }
        if left == 0 { return 0 }
        guard let eventsPerSecond, eventsPerSecond > 0 else { return nil }
        return left / eventsPerSecond
    }
}
