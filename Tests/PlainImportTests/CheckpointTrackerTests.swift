import Testing

@testable import PlainImport

/// The checkpoint is the place just before the first record not settled, with the checksum the
/// reader reported there; the read mark is where reading got.
@Suite struct CheckpointTrackerTests {
    static func mark(_ offset: Int64) -> SourceMark {
        SourceMark(offset: offset, line: Int(offset / 10) + 1, checksum: PrefixChecksum(value: UInt32(offset)))
    }

    @Test func recordsSettlingOutOfOrderHoldTheCheckpointAtTheFirstUnsettled() {
        var tracker = CheckpointTracker(start: Self.mark(0))
        for offset in stride(from: Int64(0), to: 50, by: 10) {
            tracker.dispatched(offset: offset)
            tracker.read(upTo: Self.mark(offset + 10))
        }
        #expect(tracker.checkpoint == Self.mark(0))
        tracker.settle(offset: 20)
        tracker.settle(offset: 10)
        #expect(tracker.checkpoint == Self.mark(0), "the record at 0 is still unsettled")
        tracker.settle(offset: 0)
        #expect(tracker.checkpoint == Self.mark(30), "0, 10 and 20 settled: just before 30")
        tracker.settle(offset: 40)
        tracker.settle(offset: 30)
        #expect(tracker.checkpoint == Self.mark(50), "all settled: where reading got")
        #expect(tracker.progress == SourceProgress(checkpoint: Self.mark(50), read: Self.mark(50)))
    }

    @Test func recordsSettledWithoutDispatchMoveOnlyTheReadMark() {
        var tracker = CheckpointTracker(start: Self.mark(0))
        tracker.dispatched(offset: 0)
        tracker.read(upTo: Self.mark(10))
        tracker.read(upTo: Self.mark(20))
        #expect(tracker.progress == SourceProgress(checkpoint: Self.mark(0), read: Self.mark(20)))
    }
}
