import Testing

@testable import PlainImport

/// The decision of SPEC §13: what a run must find out before reading from a stored offset, and
/// what it concludes.
@Suite struct SourceContinuityTests {
    static let stamp = FileStamp(size: 1000, modified: 1_700_000_000_000_000_000, inode: 42, device: 1)

    static func source(
        checksummed: Bool = true,
        checkpoint: SourceMark = SourceMark(offset: 400, line: 10, checksum: PrefixChecksum(value: 7)),
        read: SourceMark = SourceMark(offset: 600, line: 15, checksum: PrefixChecksum(value: 9)),
        stamp: FileStamp? = SourceContinuityTests.stamp
    ) -> JournalSource {
        JournalSource(
            id: 1,
            path: "/x.csv",
            size: 1000,
            headHash: "",
            headLength: 0,
            format: "csv",
            mappingFingerprint: nil,
            checkpointOffset: checkpoint.offset,
            checkpointLine: checkpoint.line,
            endOffset: nil,
            checksummed: checksummed,
            checkpointChecksum: checkpoint.checksum,
            read: read,
            stamp: stamp,
            supersededBy: nil
        )
    }

    @Test func anUnchangedStampNeedsNothing() {
        let source = Self.source()
        let continuity = SourceContinuity(source: source, start: source.checkpoint)
        #expect(continuity.need(stamp: Self.stamp) == .nothing(start: source.checkpoint))
    }

    @Test func anyOtherStampOrAnUntrustedOneNeedsTheChecksums() {
        let source = Self.source()
        let continuity = SourceContinuity(source: source, start: source.checkpoint)
        for other in [
            FileStamp(size: 1001, modified: Self.stamp.modified, inode: 42, device: 1),
            FileStamp(size: 1000, modified: Self.stamp.modified + 1, inode: 42, device: 1),
            FileStamp(size: 1000, modified: Self.stamp.modified, inode: 43, device: 1),
            FileStamp(size: 1000, modified: Self.stamp.modified, inode: 42, device: 2),
        ] {
            #expect(continuity.need(stamp: other) == .checksums([400, 600]))
        }
        let untrusted = Self.source(stamp: nil)
        #expect(SourceContinuity(source: untrusted, start: untrusted.checkpoint).need(stamp: Self.stamp) == .checksums([400, 600]))
    }

    @Test func aStartWithoutAKnownChecksumIsChecksummedEvenWhenTheStampIsTheSame() {
        let source = Self.source()
        let retry = SourceMark(offset: 120, line: 4, checksum: nil)
        #expect(SourceContinuity(source: source, start: retry).need(stamp: Self.stamp) == .checksums([120, 600]))
    }

    @Test func theVerdictComparesTheReadMarkAndTheCheckpoint() {
        let source = Self.source()
        let continuity = SourceContinuity(source: source, start: source.checkpoint)
        let same: [Int64: PrefixChecksum] = [400: PrefixChecksum(value: 7), 600: PrefixChecksum(value: 9)]
        #expect(continuity.verdict(checksums: same) == .continues(start: source.checkpoint))
        #expect(continuity.verdict(checksums: [400: PrefixChecksum(value: 7), 600: PrefixChecksum(value: 8)]) == .changed)
        #expect(continuity.verdict(checksums: [400: PrefixChecksum(value: 6), 600: PrefixChecksum(value: 9)]) == .changed)
        #expect(continuity.verdict(checksums: [400: PrefixChecksum(value: 7)]) == .changed, "cut short before the read mark")

        let retry = SourceMark(offset: 120, line: 4, checksum: nil)
        let found = SourceContinuity(source: source, start: retry).verdict(checksums: [120: PrefixChecksum(value: 3), 600: PrefixChecksum(value: 9)])
        #expect(found == .continues(start: SourceMark(offset: 120, line: 4, checksum: PrefixChecksum(value: 3))))
    }

    @Test func aSourceWithoutChecksumsCannotBeTrustedUnlessNothingWasRead() {
        let legacy = Self.source(checksummed: false)
        #expect(SourceContinuity(source: legacy, start: legacy.checkpoint).need(stamp: Self.stamp) == .unknowable)
        let fresh = Self.source(
            checksummed: false,
            checkpoint: SourceMark(offset: 0, line: 1, checksum: nil),
            read: SourceMark(offset: 0, line: 1, checksum: nil)
        )
        #expect(SourceContinuity(source: fresh, start: fresh.checkpoint).need(stamp: Self.stamp) == .nothing(start: fresh.checkpoint))
    }
}
