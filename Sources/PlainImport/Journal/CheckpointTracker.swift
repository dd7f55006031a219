/// Tracks, for one source, the first record not yet settled: the checkpoint (SPEC §5), and how
/// far reading got, each with the checksum of the bytes before it (SPEC §13.1). Records are
/// read in offset order and may settle in any order; memory holds only the records still
/// unsettled.
///
/// The checkpoint is the place reading stood just before the first unsettled record was read
/// (for CSV and NDJSON, that record's offset; in a JSON array, just after the comma before it),
/// so its checksum is one the reader reported.
struct CheckpointTracker {
    private var unsettled: [Int64] = []
    private var before: [Int64: SourceMark] = [:]
    private var settledOutOfOrder: Set<Int64> = []
    private var head = 0
    /// Where reading got to: just after the last record handed on.
    private(set) var readEnd: SourceMark

    init(start: SourceMark) { readEnd = start }

    /// A record starting at `offset` was read and handed on; it is unsettled until `settle`.
    mutating func dispatched(offset: Int64) {
        unsettled.append(offset)
        before[offset] = readEnd
    }

    /// Reading got to `mark` (the place after the record just handled).
    mutating func read(upTo mark: SourceMark) { readEnd = mark }

    /// A dispatched record settled.
    mutating func settle(offset: Int64) {
        before[offset] = nil
        guard head < unsettled.count, unsettled[head] == offset else {
            settledOutOfOrder.insert(offset)
            return
        }
        head += 1
        while head < unsettled.count, settledOutOfOrder.remove(unsettled[head]) != nil { head += 1 }
        if head > 1024 && head * 2 > unsettled.count {
            unsettled.removeFirst(head)
            head = 0
        }
    }

    /// Where the next run starts: just before the first record not settled.
    var checkpoint: SourceMark {
        if head < unsettled.count, let mark = before[unsettled[head]] { return mark }
        return readEnd
    }

    /// The checkpoint and the read mark, as committed.
    var progress: SourceProgress { SourceProgress(checkpoint: checkpoint, read: readEnd) }
}
