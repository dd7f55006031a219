/// Where a run starts reading an input against the journal (SPEC §13, §7.12, §11), decided
/// here and nowhere else: by `import` for every input it plans, by `check` for what it counts
/// as settled. Pure: the caller looks the journal and the file up; this says what they mean.
enum ReadingStart: Sendable, Equatable {
    /// The journal has no version of the input (or it is read once): a new source, read from its start.
    case fresh
    /// The journal's version of the input holds for the file as it is: read on from `mark`.
    case continues(from: SourceMark)
    /// The file's bytes before the journal's read mark changed: a new version, read from its start.
    case newVersion

    /// Where reading of a journaled source would start before the file is looked at: its
    /// checkpoint, or its first failed record before it when failed records are sent again.
    static func wanted(checkpoint: SourceMark, firstFailed: (offset: Int64, line: Int)?, retryFailed: Bool) -> SourceMark {
        guard retryFailed, let failed = firstFailed, failed.offset < checkpoint.offset else { return checkpoint }
        return SourceMark(offset: failed.offset, line: failed.line, checksum: nil)
    }

    /// The start for an input the journal knows as `known` (nil: not at all), read once or not,
    /// once the continuity of the journal's version with the file is known (nil: not looked at,
    /// for a new or read-once input).
    static func decide(known: JournalSource?, isReadOnce: Bool, continuity: SourceContinuity.Verdict?) -> ReadingStart {
        guard known != nil, !isReadOnce, let continuity else { return .fresh }
        switch continuity {
        case .continues(let mark): return .continues(from: mark)
        case .changed: return .newVersion
        }
    }

    /// What a mapping other than the one a source was begun with means for the run.
    enum MappingChange: Sendable, Equatable {
        /// The same mapping, or nothing settled yet by the other one.
        case none
        /// `--retry-invalid`: the invalid records are mapped again with the new mapping.
        case remapsInvalid
        /// `--force`: going on with the new mapping.
        case forced
        /// Refused: records already settled were mapped by the other one (exit 2).
        case refused
    }

    /// What running `fingerprint` over a source begun with `journaled` means.
    static func mappingChange(
        journaled: String?,
        fingerprint: String?,
        hasSettledRecords: Bool,
        retryInvalid: Bool,
        force: Bool
    ) -> MappingChange {
        guard journaled != fingerprint, hasSettledRecords else { return .none }
        if retryInvalid { return .remapsInvalid }
        return force ? .forced : .refused
    }
}
