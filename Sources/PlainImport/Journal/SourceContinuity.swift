/// Decides, before a run reads a journaled source from a stored offset, whether the file's
/// bytes before that offset are still the bytes that were read (SPEC §13). Pure: the caller
/// reads the file's stamp and, when asked, the checksums of its prefixes.
public struct SourceContinuity: Sendable {
    /// What the caller must find out first.
    public enum Need: Sendable, Equatable {
        /// Nothing: the stamp shows the file as it was when last read; reading starts at `start`.
        case nothing(start: SourceMark)
        /// The checksums of the file's bytes before each of these offsets.
        case checksums([Int64])
        /// Nothing can tell: the source was journaled without checksums, or distrusted.
        case unknowable
    }

    /// What became of the file.
    public enum Verdict: Sendable, Equatable {
        /// The bytes read before are as they were (the file may have grown): read from `start`.
        case continues(start: SourceMark)
        /// The bytes before the read mark differ: the file is a new version, read from its start.
        case changed
    }

    public let source: JournalSource
    /// Where the run wants to start reading: the checkpoint, or an earlier record to retry.
    public let start: SourceMark

    /// The continuity of `source` for a run that starts reading at `start` (at or before the
    /// source's read mark).
    public init(source: JournalSource, start: SourceMark) {
        self.source = source
        self.start = start
    }

    /// What must be found out about the file, whose stamp is now `stamp`. A stamp is trusted
    /// only when the journal kept one (it was not racy) and every part of it is the same.
    public func need(stamp: FileStamp) -> Need {
        guard source.checksummed else {
            // A source that was never read needs nothing checked.
            return source.read.offset == 0 && source.checkpointOffset == 0 ? .nothing(start: start) : .unknowable
        }
        let fromTheStart = start.offset == 0 ? PrefixChecksum() : nil
        if source.read.offset == 0 { return .nothing(start: SourceMark(offset: start.offset, line: start.line, checksum: fromTheStart)) }
        if let known = source.stamp, known == stamp, let checksum = start.checksum ?? fromTheStart {
            return .nothing(start: SourceMark(offset: start.offset, line: start.line, checksum: checksum))
        }
        guard source.read.checksum != nil else { return .unknowable }
        return .checksums([start.offset, source.read.offset])
    }

    /// The verdict once the checksums asked for by `need` are known (an offset past the file's
    /// end has none).
    public func verdict(checksums: [Int64: PrefixChecksum]) -> Verdict {
        guard let expected = source.read.checksum, let found = checksums[source.read.offset], found == expected,
            let atStart = checksums[start.offset]
        else { return .changed }
        if let known = start.checksum, known != atStart { return .changed }
        return .continues(start: SourceMark(offset: start.offset, line: start.line, checksum: atStart))
    }
}
