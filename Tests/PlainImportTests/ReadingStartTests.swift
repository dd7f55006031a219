import Testing

@testable import PlainImport

/// Where a run starts reading an input, as pure logic: the checkpoint or a failed record to send
/// again, the journal's version continued or a new version, and what a changed mapping means.
@Suite struct ReadingStartTests {
    let checkpoint = SourceMark(offset: 400, line: 10, checksum: PrefixChecksum(value: 7))

    @Test func readingStartsAtTheCheckpointUnlessFailedRecordsAreSentAgain() {
        #expect(ReadingStart.wanted(checkpoint: checkpoint, firstFailed: nil, retryFailed: true) == checkpoint)
        #expect(ReadingStart.wanted(checkpoint: checkpoint, firstFailed: (100, 3), retryFailed: false) == checkpoint)
        let back = ReadingStart.wanted(checkpoint: checkpoint, firstFailed: (100, 3), retryFailed: true)
        #expect(back == SourceMark(offset: 100, line: 3, checksum: nil), "back to the first failed record, its checksum to find out")
        #expect(
            ReadingStart.wanted(checkpoint: checkpoint, firstFailed: (500, 12), retryFailed: true) == checkpoint,
            "a failed record after the checkpoint is read anyway"
        )
    }

    @Test func theJournalsVersionContinuesOnlyWhenItsBytesHold() {
        let known = SourceContinuityTests.source()
        #expect(ReadingStart.decide(known: known, isReadOnce: false, continuity: .continues(start: checkpoint)) == .continues(from: checkpoint))
        #expect(ReadingStart.decide(known: known, isReadOnce: false, continuity: .changed) == .newVersion)
        #expect(ReadingStart.decide(known: nil, isReadOnce: false, continuity: nil) == .fresh)
        #expect(
            ReadingStart.decide(known: known, isReadOnce: true, continuity: .continues(start: checkpoint)) == .fresh,
            "an input read once has no offsets to come back to"
        )
    }

    @Test(arguments: [
        // journaled, now, settled records, --retry-invalid, --force, what it means
        ("a", "a", true, false, false, ReadingStart.MappingChange.none),
        ("a", "b", false, false, false, .none),
        ("a", "b", true, false, false, .refused),
        ("a", "b", true, false, true, .forced),
        ("a", "b", true, true, false, .remapsInvalid),
        ("a", "b", true, true, true, .remapsInvalid),
    ])
    func aChangedMappingIsRefusedOnceRecordsAreSettled(
        journaled: String,
        now: String,
        settled: Bool,
        retryInvalid: Bool,
        force: Bool,
        expected: ReadingStart.MappingChange
    ) {
        let found = ReadingStart.mappingChange(
            journaled: journaled,
            fingerprint: now,
            hasSettledRecords: settled,
            retryInvalid: retryInvalid,
            force: force
        )
        #expect(found == expected)
    }
}
