import Dispatch
import Foundation
import Synchronization

/// The one loop that reads a source's records and interprets them: `validate`, `check`,
/// `preview` and `import` all read through it, so a record reads, interprets and hints alike
/// whichever command reads it. It hands records over in the order they were read, each with
/// what became of it, where reading stood just after it, and the hints the reader found by then.
///
/// - Records are read in batches (`RecordBatching`); with several lanes, one lane reads the next batch
///   while the others interpret the current one, then helps them; at most two batches are held,
///   so memory stays bounded whatever the input's size. With one lane nothing is read before the
///   current batch is handed over (standard input: a slow pipe never holds back what arrived).
/// - A reading error is thrown after every record read before it has been handed over; nothing
///   more is read after it.
/// - Hints, each said once per source: the encoding the reader suspects (SPEC §12.18), and the
///   format the file looks like when its first `FormatGuess.brokenRecords` records are all broken.
struct RecordStream<Outcome: Sendable> {
    /// One record as read, what became of it, and where reading stood after it.
    struct Item {
        let record: SourceRecord
        let outcome: Outcome
        /// Where reading stood just after the record: offset, line, and the checksum of the bytes
        /// before it (nil unless the reader keeps checksums).
        let position: Int64
        let line: Int
        let checksum: PrefixChecksum?
        /// What the reader found about the input by this record, to say once.
        let hints: [ReadingHint]
    }

    private let reading: ReadingLane
    /// What each record becomes; called on any of the lanes.
    private let work: @Sendable (SourceRecord) -> Outcome
    /// Threads interpreting at once (1: on the calling thread only, in order).
    private let lanes: Int
    private let path: String
    private let file: InputFile?
    /// Read and not interpreted yet (several lanes read one batch ahead).
    private var upcoming: ReadingLane.Batch?
    /// Broken records from the source's start, until one reads (then nil).
    private var brokenFromTheStart: Int? = 0
    private var finished = false
    private var ready: [Item] = []
    /// How many of `ready` were handed over.
    private var handedOut = 0

    /// A stream over `opened`'s records, interpreted by `work` on `lanes` threads.
    init(
        _ opened: OpenedSource,
        batching: RecordBatching = .wholeInput,
        lanes: Int = 1,
        work: @escaping @Sendable (SourceRecord) -> Outcome
    ) {
        self.init(reader: opened.reader, file: opened.file, batching: opened.file.isReadOnce ? .single : batching, lanes: lanes, work: work)
        // A source resumed part-way had its first records judged by the run that read them.
        if opened.reader.position > opened.firstRecord.offset { brokenFromTheStart = nil }
    }

    /// A stream over `reader`'s records (of `file`, when known: it names the hints and is looked
    /// at for the format hint).
    init(
        reader: any RecordReader,
        file: InputFile?,
        batching: RecordBatching = .wholeInput,
        lanes: Int = 1,
        work: @escaping @Sendable (SourceRecord) -> Outcome
    ) {
        self.reading = ReadingLane(reader: reader, batching: batching)
        self.work = work
        self.lanes = max(1, lanes)
        self.file = file
        self.path = file?.path ?? ""
    }

    /// The next record, or nil at the end of the input.
    mutating func next() throws(InputError) -> Item? {
        if handedOut == ready.count {
            ready = try nextBatch()
            handedOut = 0
        }
        guard handedOut < ready.count else { return nil }
        defer { handedOut += 1 }
        return ready[handedOut]
    }

    /// The rest of the current batch, or the next one; empty at the end of the input.
    mutating func nextBatch() throws(InputError) -> [Item] {
        if handedOut < ready.count {
            defer {
                ready = []
                handedOut = 0
            }
            return Array(ready[handedOut...])
        }
        if finished { return [] }
        let current = upcoming ?? reading.batch()
        upcoming = nil
        let records = current.records
        guard !records.isEmpty else {
            finished = true
            if let error = current.error { throw error }
            return []
        }
        let outcomes = OutcomeSlots<Outcome>(count: records.count)
        if lanes == 1 {
            for (index, record) in records.enumerated() { outcomes.store(work(record.record), at: index) }
            // Nothing is read ahead: the next batch is read when it is asked for.
            upcoming = current.error.map { ReadingLane.Batch(records: [], error: $0) }
        } else {
            let work = self.work
            let reading = self.reading
            let claimed = Atomic<Int>(0)
            let ahead = NextBatch()
            let lanes = self.lanes
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                if lane == 0 { ahead.value = reading.batch(after: current) }
                while true {
                    let start = claimed.add(InterpretationClaim.records, ordering: .relaxed).oldValue
                    if start >= records.count { break }
                    for index in start..<min(start + InterpretationClaim.records, records.count) {
                        outcomes.store(work(records[index].record), at: index)
                    }
                }
            }
            upcoming = ahead.value ?? ReadingLane.Batch()
        }
        var items: [Item] = []
        items.reserveCapacity(records.count)
        for (index, read) in records.enumerated() {
            items.append(
                Item(
                    record: read.record,
                    outcome: outcomes.take(at: index),
                    position: read.position,
                    line: read.line,
                    checksum: read.checksum,
                    hints: hints(after: read)
                )
            )
        }
        return items
    }

    /// The hints `read` brings: its encoding hint, and the format hint when it is the last of
    /// the broken records from the start that make it worth giving.
    private mutating func hints(after read: ReadingLane.Read) -> [ReadingHint] {
        var hints: [ReadingHint] = []
        if let found = read.hint { hints.append(found.hint(path: path)) }
        if let count = brokenFromTheStart {
            if case .broken = read.record.content {
                brokenFromTheStart = count + 1
                if count + 1 == FormatGuess.brokenRecords, let file, let said = FormatGuess.hint(for: file) { hints.append(said) }
            } else {
                brokenFromTheStart = nil
            }
        }
        return hints
    }
}

/// How many records are read at a time.
struct RecordBatching: Sendable {
    /// Most records in a batch.
    let records: Int
    /// A batch ends after the record that brings its input bytes to this many.
    let bytes: Int64

    /// Large batches for reading a whole input on every core (`validate`, `check`).
    static let wholeInput = RecordBatching(records: 2048, bytes: 4 << 20)
    /// The import's look-ahead window: the journal is asked once per window.
    static let window = RecordBatching(records: 64, bytes: 4 << 20)
    /// One record at a time (inputs read once: a slow pipe must not hold back what arrived).
    static let single = RecordBatching(records: 1, bytes: 4 << 20)
}

/// Records a lane claims at a time.
enum InterpretationClaim {
    static let records = 64
}

/// The machine's cores, at most 8: the lanes a `RecordStream` reading a whole input uses.
let defaultInterpretationLanes = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))

/// The reader, read by one lane at a time: batches are read strictly one after another (the
/// next one only while the lanes interpret the current one, and `concurrentPerform` returns
/// only when every lane is done), so the reader is never touched by two threads at once.
private final class ReadingLane: @unchecked Sendable {
    /// One record as read, and where the reader stood after it.
    struct Read: Sendable {
        let record: SourceRecord
        let hint: EncodingHint?
        let position: Int64
        let line: Int
        let checksum: PrefixChecksum?
    }

    struct Batch: Sendable {
        var records: [Read] = []
        /// What stopped the reading after `records`.
        var error: InputError?
    }

    private let reader: any RecordReader
    private let batching: RecordBatching

    init(reader: any RecordReader, batching: RecordBatching) {
        self.reader = reader
        self.batching = batching
    }

    /// The next batch; empty at the end of the input, and empty with the same error after one.
    func batch(after previous: Batch? = nil) -> Batch {
        var batch = Batch()
        // After an error nothing more is read, and the error is handed on until it is thrown.
        if let error = previous?.error { return Batch(records: [], error: error) }
        batch.records.reserveCapacity(batching.records)
        var bytes: Int64 = 0
        do throws(InputError) {
            while batch.records.count < batching.records, bytes < batching.bytes, let record = try reader.next() {
                bytes += record.endOffset - record.offset
                batch.records.append(
                    Read(
                        record: record,
                        hint: reader.takeEncodingHint(),
                        position: reader.position,
                        line: reader.line,
                        checksum: reader.checksum
                    )
                )
            }
        } catch {
            batch.error = error
        }
        return batch
    }
}

/// The next batch, written by the reading lane and read after every lane is done.
private final class NextBatch: @unchecked Sendable {
    var value: ReadingLane.Batch?
}

/// One slot per record of a batch; each is written by exactly one lane (the one that claimed
/// its index) and read only after every lane is done.
private final class OutcomeSlots<Outcome>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Outcome?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ outcome: Outcome, at index: Int) { slots[index] = outcome }

    func take(at index: Int) -> Outcome {
        guard let outcome = slots[index] else { preconditionFailure("record \(index) of the batch was not interpreted") }
        slots[index] = nil
        return outcome
    }
}
