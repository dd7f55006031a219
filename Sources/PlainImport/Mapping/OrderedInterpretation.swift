import Dispatch
import Foundation
import Synchronization

/// Reads one source's records and interprets them on several cores at once, handing every
/// outcome over in the order the records were read, with its line and offset as the reader gave
/// them. One lane reads the next batch while the others interpret the current one, then helps
/// them; at most two batches (each at most `InterpretationBatch.records` records and about `InterpretationBatch.bytes` bytes
/// of input) are held at a time, so memory stays bounded whatever the input's size.
struct OrderedInterpretation<Outcome: Sendable> {
    /// One record as read, with the encoding hint the reader gave after it, and what became of it.
    struct Item {
        let record: SourceRecord
        let hint: EncodingHint?
        let outcome: Outcome
    }

    let reader: any RecordReader
    /// What each record becomes; called on any of the lanes.
    let work: @Sendable (SourceRecord) -> Outcome
    /// Threads interpreting at once (1: on the calling thread only, in order).
    let lanes: Int

    init(reader: any RecordReader, lanes: Int = defaultInterpretationLanes, work: @escaping @Sendable (SourceRecord) -> Outcome) {
        self.reader = reader
        self.work = work
        self.lanes = max(1, lanes)
    }

    /// Calls `deliver` for every record to the end of the input, in order. A reading error is
    /// thrown after every record read before it has been delivered.
    func run(_ deliver: (Item) -> Void) throws(InputError) {
        let reading = ReadingLane(reader: reader)
        var current = reading.batch()
        while !current.records.isEmpty {
            let records = current.records
            let outcomes = OutcomeSlots<Outcome>(count: records.count)
            if lanes == 1 {
                for (index, record) in records.enumerated() { outcomes.store(work(record.record), at: index) }
                current = reading.batch(after: current)
            } else {
                let work = self.work
                let claimed = Atomic<Int>(0)
                let next = NextBatch()
                let previous = current
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    if lane == 0 { next.value = reading.batch(after: previous) }
                    while true {
                        let start = claimed.add(InterpretationBatch.claim, ordering: .relaxed).oldValue
                        if start >= records.count { break }
                        for index in start..<min(start + InterpretationBatch.claim, records.count) {
                            outcomes.store(work(records[index].record), at: index)
                        }
                    }
                }
                current = next.value ?? ReadingLane.Batch()
            }
            for (index, record) in records.enumerated() {
                deliver(Item(record: record.record, hint: record.hint, outcome: outcomes.take(at: index)))
            }
            if let error = current.error, current.records.isEmpty { throw error }
        }
        if let error = current.error { throw error }
    }
}

/// How records are batched between the reading lane and the interpreting ones.
enum InterpretationBatch {
    /// Most records in a batch.
    static let records = 2048
    /// A batch ends after the record that brings its input bytes to this many.
    static let bytes: Int64 = 4 << 20
    /// Records a lane claims at a time.
    static let claim = 64
}

/// The machine's cores, at most 8: the lanes an `OrderedInterpretation` uses by default.
let defaultInterpretationLanes = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))

/// The reader, read by one lane at a time: batches are read strictly one after another (the
/// next one only while the lanes interpret the current one, and `concurrentPerform` returns
/// only when every lane is done), so the reader is never touched by two threads at once.
private final class ReadingLane: @unchecked Sendable {
    struct Batch: Sendable {
        var records: [(record: SourceRecord, hint: EncodingHint?)] = []
        /// What stopped the reading after `records`.
        var error: InputError?
    }

    private let reader: any RecordReader

    init(reader: any RecordReader) { self.reader = reader }

    /// The next batch; empty at the end of the input, and empty with the same error after one.
    func batch(after previous: Batch? = nil) -> Batch {
        var batch = Batch()
        // After an error nothing more is read, and the error is handed on until it is thrown.
        if let error = previous?.error { return Batch(records: [], error: error) }
        batch.records.reserveCapacity(InterpretationBatch.records)
        var bytes: Int64 = 0
        do throws(InputError) {
            while batch.records.count < InterpretationBatch.records, bytes < InterpretationBatch.bytes,
                let record = try reader.next()
            {
                bytes += record.endOffset - record.offset
                batch.records.append((record, reader.takeEncodingHint()))
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
