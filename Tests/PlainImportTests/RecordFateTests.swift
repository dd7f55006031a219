import Testing

@testable import PlainImport

/// A record's fate as pure logic: the journal's entry at its offset, the bytes read, and what
/// it maps to.
@Suite struct RecordFateTests {
    let same = PrefixChecksum(value: 0xABCD)
    let other = PrefixChecksum(value: 0x1234)

    @Test(arguments: [RecordStatus.done, .duplicate, .failed, .invalid])
    func aSettledRecordWithTheSameBytesIsSkipped(status: RecordStatus) {
        #expect(RecordFate.ofJournaled((status, same), bytes: .checksum(same), retryFailed: false) == .settledBefore)
        #expect(RecordFate.ofJournaled((status, same), bytes: .verifiedBySource, retryFailed: false) == .settledBefore)
    }

    @Test func otherBytesAtAJournaledOffsetAreNotTheJournaledRecord() {
        #expect(RecordFate.ofJournaled((.done, same), bytes: .checksum(other), retryFailed: false) == .notAsJournaled)
        #expect(RecordFate.ofJournaled((.done, nil), bytes: .checksum(same), retryFailed: false) == .notAsJournaled, "no checksum kept: unknowable")
        #expect(RecordFate.ofJournaled((.done, same), bytes: .checksum(nil), retryFailed: false) == .notAsJournaled)
    }

    @Test(arguments: [RecordStatus.pending, .inFlight])
    func anUnsettledRecordIsMappedAgain(status: RecordStatus) {
        #expect(RecordFate.ofJournaled((status, same), bytes: .checksum(same), retryFailed: false) == nil)
    }

    @Test func nothingJournaledMeansMapIt() {
        #expect(RecordFate.ofJournaled(nil, bytes: .checksum(same), retryFailed: false) == nil)
    }

    @Test func retryFailedMapsFailedRecordsAgainAndOnlyThem() {
        #expect(RecordFate.ofJournaled((.failed, same), bytes: .checksum(same), retryFailed: true) == nil)
        #expect(RecordFate.ofJournaled((.invalid, same), bytes: .checksum(same), retryFailed: true) == .settledBefore)
        #expect(RecordFate.ofJournaled((.done, same), bytes: .checksum(same), retryFailed: true) == .settledBefore)
    }

    @Test func aMappedRecordIsSentUnlessItsExternalIdIsInPlain() {
        #expect(RecordFate.ofMapped(true, inPlain: false) == .send)
        #expect(RecordFate.ofMapped(true, inPlain: true) == .inPlain)
        #expect(RecordFate.ofMapped(false, inPlain: true) == .invalid)
    }
}
