/// What becomes of a record a run reads against a journal (SPEC §5, §7.12, §13.3, §15.3),
/// decided here and nowhere else: by `import` for every record it reads, by `check` for its
/// counts (`validate` and `preview`, which read no journal, take the interpretation as it is).
/// Pure: the caller says what the journal holds at the record's offset and whether an externalId
/// is in Plain, and interprets the record when asked; this says what that means.
enum RecordFate: Sendable, Equatable {
    /// Settled by an earlier run at this offset, and the same bytes: skipped, nothing mapped.
    case settledBefore
    /// The journal holds another record at this offset: the file changed while it was read.
    case notAsJournaled
    /// It cannot be sent (it did not read or map): journaled invalid, never sent.
    case invalid(InputProblem)
    /// The mapping's `where:` leaves it out: journaled filtered, never sent.
    case filtered
    /// Its externalId is in Plain by the journal: settled without a request.
    case inPlain(externalId: String)
    /// To send (again, when `--retry-…` asked for it).
    case send(EventInput)

    /// The fate of a record: the journal's entry at its offset decides first (`ofJournaled`);
    /// otherwise the record is interpreted (only then) and its event is sent unless its
    /// externalId is in Plain. `isInPlain` is asked only for an event whose externalId is known.
    static func decide<Failure: Error>(
        journaled entry: (status: RecordStatus, checksum: PrefixChecksum?)?,
        bytes: Bytes,
        retryFailed: Bool,
        interpreted: () -> RecordInterpreter.Outcome,
        isInPlain: (String) throws(Failure) -> Bool
    ) throws(Failure) -> RecordFate {
        if let fate = ofJournaled(entry, bytes: bytes, retryFailed: retryFailed) { return fate }
        let outcome = interpreted()
        switch outcome {
        case .invalid(let problem):
            return .invalid(problem)
        case .filtered:
            return .filtered
        case .event(let event):
            if let externalId = outcome.sentExternalId, try isInPlain(externalId) { return .inPlain(externalId: externalId) }
            return .send(event)
        }
    }

    /// How sure the caller is that the bytes read are the bytes journaled at the offset.
    enum Bytes: Sendable, Equatable {
        /// The checksum of the file's bytes up to the record's end, as read now (nil: not kept).
        case checksum(PrefixChecksum?)
        /// The source's continuity was verified up to its checkpoint (its stamp or its checksums).
        case verifiedBySource
    }

    /// The fate a journal entry at the record's offset decides, or nil when the record is to be
    /// mapped: nothing journaled there, not settled, or failed and sent again (`--retry-failed`).
    static func ofJournaled(
        _ entry: (status: RecordStatus, checksum: PrefixChecksum?)?,
        bytes: Bytes,
        retryFailed: Bool
    ) -> RecordFate? {
        guard let entry, entry.status.isSettled, !(retryFailed && entry.status == .failed) else { return nil }
        switch bytes {
        case .verifiedBySource:
            return .settledBefore
        case .checksum(let read):
            guard let journaled = entry.checksum, let read, journaled == read else { return .notAsJournaled }
            return .settledBefore
        }
    }
}
