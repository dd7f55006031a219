extension SourceContinuity {
    /// The verdict on `file`, whose stamp is now `stamp`: the stamp when it can be trusted,
    /// otherwise the checksums of the file's prefixes, read in one pass. The one place every
    /// command decides whether a journaled source's offsets still hold for a file.
    func verdict(for file: InputFile, stamp: FileStamp) throws(InputError) -> Verdict {
        switch need(stamp: stamp) {
        case .nothing(let mark): .continues(start: mark)
        case .checksums(let offsets): verdict(checksums: try file.checksums(at: offsets))
        case .unknowable: .changed
        }
    }

    /// The journal's current version of `file` when its offsets still hold for the file as it is
    /// now (read from its checkpoint), or nil: no version, a stream, or a file that changed.
    static func continuingSource(of file: InputFile, in journal: Journal) throws -> JournalSource? {
        guard !file.isReadOnce, let known = try journal.currentSource(atPath: file.path, format: file.format) else { return nil }
        let continuity = try SourceContinuity(source: known, start: known.checkpoint).verdict(for: file, stamp: FileStamp.of(path: file.path))
        guard case .continues = ReadingStart.decide(known: known, isReadOnce: file.isReadOnce, continuity: continuity) else { return nil }
        return known
    }
}
