import Testing

@testable import PlainImport

/// A record's fate as pure logic: the journal's entry at its offset, the bytes read, and what
/// it maps to.
@Suite struct RecordFateTests {
    let same = PrefixChecksum(value: 0xABCD)
    let other = PrefixChecksum(value: 0x1234)

    @Test(arguments: [RecordStatus.done, .duplicate, .failed, .invalid, .filtered])
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

    static let event = EventInput(
        kind: .customer,
        input: JSONObject(["customerIdentifier": .object(JSONObject(["emailAddress": .string("a@example.com")])), "title": .string("t")]),
        externalId: "order-1"
    )

    func decide(
        _ entry: (status: RecordStatus, checksum: PrefixChecksum?)?,
        _ outcome: RecordInterpreter.Outcome,
        inPlain: Set<String> = [],
        retryFailed: Bool = false
    ) -> (fate: RecordFate, interpreted: Bool, asked: [String]) {
        var interpreted = false
        var asked: [String] = []
        let fate = RecordFate.decide(
            journaled: entry,
            bytes: .checksum(same),
            retryFailed: retryFailed,
            interpreted: {
                interpreted = true
                return outcome
            },
            isInPlain: { (id: String) -> Bool in
                asked.append(id)
                return inPlain.contains(id)
            }
        )
        return (fate, interpreted, asked)
    }

    @Test func anEventIsSentUnlessItsExternalIdIsInPlain() {
        #expect(decide(nil, .event(Self.event)) == (.send(Self.event), true, ["order-1"]))
        #expect(decide(nil, .event(Self.event), inPlain: ["order-1"]) == (.inPlain(externalId: "order-1"), true, ["order-1"]))
        #expect(decide((.pending, same), .event(Self.event)) == (.send(Self.event), true, ["order-1"]), "unsettled: sent again")
    }

    @Test func invalidAndFilteredRecordsAskNothingOfTheJournal() {
        let problem = InputProblem(field: "title", message: "is empty")
        #expect(decide(nil, .invalid(problem), inPlain: ["order-1"]) == (.invalid(problem), true, []))
        #expect(decide(nil, .filtered) == (.filtered, true, []))
    }

    @Test func aSettledRecordIsNeverInterpreted() {
        #expect(decide((.done, same), .event(Self.event)) == (.settledBefore, false, []))
        #expect(decide((.filtered, same), .event(Self.event)) == (.settledBefore, false, []))
        #expect(decide((.failed, same), .event(Self.event), retryFailed: true) == (.send(Self.event), true, ["order-1"]), "retried")
    }

    @Test func anEventStillWaitingForItsThreadIsNotLookedUp() {
        let waiting = EventInput(
            kind: .thread,
            input: JSONObject(["title": .string("t")]),
            externalId: nil,
            prerequisite: .thread(customer: CustomerIdentifier(key: .emailAddress, value: "a@example.com"), externalId: "T-1")
        )
        #expect(decide(nil, .event(waiting)) == (.send(waiting), true, []))
    }
}
