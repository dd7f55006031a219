import Foundation

/// A time zone's offsets from UTC from 1900 to 2100, as a table made once: reading a local time
/// in it is a binary search, where Foundation takes a lock and counts references on every call
/// (which cores validating at once then wait on).
///
/// The table is built from Foundation's transitions and checked against Foundation at every
/// month's start and at each transition; a zone whose table would disagree anywhere is not
/// tabled (`init` returns nil) and keeps being read through Foundation.
struct ZoneOffsets: Sendable {
    /// UTC instants (seconds since 1970) from which the matching `offsets` entry holds,
    /// ascending; the first is the start of the range.
    let instants: [Int64]
    /// Seconds east of UTC.
    let offsets: [Int]

    /// The UTC instants the table covers: 1900-01-01 to 2100-01-01.
    static let covered: Range<Int64> = -2_208_988_800..<4_102_444_800

    /// The table of `zone`, or nil when it is UTC (nothing to look up) or its table would not
    /// agree with Foundation.
    init?(_ zone: TimeZone) {
        if TimestampParser.isUTC(zone) { return nil }
        func offset(_ instant: Int64) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) }
        var instants = [Self.covered.lowerBound]
        var offsets = [offset(Self.covered.lowerBound)]
        var date = Date(timeIntervalSince1970: TimeInterval(Self.covered.lowerBound))
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next.timeIntervalSince1970 < TimeInterval(Self.covered.upperBound) {
            let instant = Int64(next.timeIntervalSince1970.rounded(.down))
            guard instant > (instants.last ?? .min) else { return nil }
            let value = offset(instant)
            if value != offsets.last {
                instants.append(instant)
                offsets.append(value)
            }
            date = next
        }
        self.instants = instants
        self.offsets = offsets
        // Each month's start, and both sides of every transition, must read as Foundation reads them.
        var checks: [Int64] = stride(from: Self.covered.lowerBound, to: Self.covered.upperBound, by: 2_629_746).map { $0 }
        for instant in instants.dropFirst() { checks += [instant - 1, instant, instant + 1] }
        for instant in checks where self.offset(atUTC: instant) != offset(instant) { return nil }
    }

    /// The offset at the UTC `instant`, or nil outside the covered range.
    func offset(atUTC instant: Int64) -> Int? {
        instants.withUnsafeBufferPointer { instants in
            offsets.withUnsafeBufferPointer { offsets in Self.offset(atUTC: instant, instants: instants, offsets: offsets) }
        }
    }

    /// The offset at the UTC `instant` in a table given by its buffers, or nil outside the range.
    static func offset(atUTC instant: Int64, instants: UnsafeBufferPointer<Int64>, offsets: UnsafeBufferPointer<Int>) -> Int? {
        guard covered.contains(instant), !instants.isEmpty else { return nil }
        // The last transition at or before `instant`.
        var low = 0
        var high = instants.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if instants[middle] <= instant { low = middle } else { high = middle - 1 }
        }
        return offsets[low]
    }
}
