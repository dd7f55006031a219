/// What becomes of a record a run reads (SPEC §5, §7.12, §13.3), decided here and nowhere else:
/// by `import` for every record it reads, by `check` for its counts. Pure: the caller looks the
/// record up in the journal and maps it; this says what that means.
enum RecordFate: Sendable, Equatable {
    /// Settled by an earlier run at this offset, and the same bytes: skipped, nothing mapped.
    case settledBefore
    /// The journal holds another record at this offset: the file changed while it was read.
    case notAsJournaled
    /// It cannot be sent (it did not read or map): journaled invalid, never sent.
    case invalid
    /// Its externalId is in Plain by the journal: settled without a request.
    case inPlain
    /// To send.
    case send

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

    /// The fate of a mapped record: `mapped` is false when it could not be mapped; `inPlain`
    /// says whether the journal holds its externalId as in Plain (false when it has none yet).
    static func ofMapped(_ mapped: Bool, inPlain: Bool) -> RecordFate {
        guard mapped else { return .invalid }
        return inPlain ? .inPlain : .send
    }
}
