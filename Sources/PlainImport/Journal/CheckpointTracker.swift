/// Tracks, for one source, the first record not yet settled: the checkpoint (SPEC §5).
/// Records are read in offset order and may settle in any order; memory holds only the
/// records still unsettled.
struct CheckpointTracker {
    private var unsettled: [Int64] = []
    private var lineOf: [Int64: Int] = [:]
    private var settledOutOfOrder: Set<Int64> = []
    private var head = 0
    /// Where reading got to: the next record's offset and line.
    private var readEnd: (offset: Int64, line: Int)

    init(start offset: Int64, line: Int) { readEnd = (offset, line) }

    /// A record was read and handed on; it is unsettled until `settle`.
    mutating func dispatched(offset: Int64, line: Int) {
        unsettled.append(offset)
        lineOf[offset] = line
    }

    /// Reading got to `offset` (the start of the next record) on `line`.
    mutating func read(upTo offset: Int64, line: Int) { readEnd = (offset, line) }

    /// A dispatched record settled.
    mutating func settle(offset: Int64) {
        lineOf[offset] = nil
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

    /// The byte offset and line of the first record not settled.
    var checkpoint: (offset: Int64, line: Int) {
        if head < unsettled.count, let line = lineOf[unsettled[head]] { return (unsettled[head], line) }
        return readEnd
    }
}
