extension [SourceStatus] {
    /// Bytes per record over every begun source (those with records and a checkpoint past the
    /// start): the estimate for sources not begun yet.
    public var bytesPerRecord: Double? {
        let begun = filter { $0.counts.records > 0 && $0.source.checkpointOffset > 0 }
        let records = begun.reduce(0) { $0 + $1.counts.records }
        return records > 0 ? Double(begun.reduce(Int64(0)) { $0 + $1.source.checkpointOffset }) / Double(records) : nil
    }

    /// Seconds to settle everything left at `eventsPerSecond` (SPEC §12.11): 0 when nothing is
    /// left, nil when some source's cannot be told.
    public func etaSeconds(eventsPerSecond: Double?) -> Double? {
        let perRecord = bytesPerRecord
        var total = 0.0
        for entry in self {
            guard let eta = entry.etaSeconds(eventsPerSecond: eventsPerSecond, bytesPerRecord: perRecord) else { return nil }
            total += eta
        }
        return total
    }
}
