/// The figures of a run's progress (SPEC §11, §12.12), as one line: a pure function of the
/// counters, shared by the live terminal line and the periodic log line.
public enum ProgressLine {
    /// Records of the inputs settled now, earlier runs included.
    public static func done(_ snapshot: RunMonitor.Snapshot) -> Int {
        snapshot.settledBefore + snapshot.created + snapshot.duplicates + snapshot.failed + snapshot.invalid + snapshot.filtered
    }

    /// The inputs' records: counted, or estimated from the bytes read so far (`estimated`).
    public static func total(_ snapshot: RunMonitor.Snapshot) -> (records: Int, estimated: Bool)? {
        if let counted = snapshot.totalRecords { return (counted, false) }
        let seen = snapshot.recordsRead + snapshot.skipped
        guard snapshot.bytesTotal > 0, snapshot.bytesRead > 0, seen > 0 else { return nil }
        let perRecord = Double(snapshot.bytesRead) / Double(seen)
        let estimate = Int((Double(snapshot.bytesTotal) / perRecord).rounded())
        return (max(estimate, done(snapshot)), true)
    }

    /// Seconds left at the rate achieved so far; nil until something settled.
    public static func etaSeconds(_ snapshot: RunMonitor.Snapshot, elapsed: Duration) -> Double? {
        guard let total = total(snapshot) else { return nil }
        let settledNow = snapshot.created + snapshot.duplicates + snapshot.failed + snapshot.invalid + snapshot.filtered
        let seconds = elapsed.inSeconds
        guard settledNow > 0, seconds > 0 else { return nil }
        return Double(max(0, total.records - done(snapshot))) / (Double(settledNow) / seconds)
    }

    /// `1,234 / ~12,000 done | 14.2 events/s | budget 63% of 400/min (Plain: 120 left) | in flight 8/8 | …`:
    /// done counts the journal's settled records of the inputs; failed and invalid, this run's.
    public static func render(_ snapshot: RunMonitor.Snapshot, elapsed: Duration, rate: Int) -> String {
        let seconds = max(0.001, elapsed.inSeconds)
        var text = grouped(done(snapshot))
        if let total = total(snapshot) { text += " / \(total.estimated ? "~" : "")\(grouped(total.records))" }
        text += " done"
        let perSecond = Double(snapshot.created + snapshot.duplicates) / seconds
        text += " | \(tenths(perSecond)) events/s"
        let requestsPerMinute = Double(snapshot.requests) / seconds * 60
        text += " | budget \(Int((requestsPerMinute / Double(max(rate, 1)) * 100).rounded()))% of \(rate)/min"
        if let remaining = snapshot.lastRateLimit?.remaining { text += " (Plain: \(remaining) left)" }
        let limit = max(snapshot.concurrencyLimit, 1)
        // Requests Plain has now, against the concurrency allowed now.
        text += " | in flight \(snapshot.requestsInFlight)/\(limit)"
        text += " | retried \(snapshot.retries), 429s \(snapshot.rateLimited)"
        // `done` counts earlier runs too; these count this run's only, and say so.
        text += " | this run: failed \(snapshot.failed), invalid \(snapshot.invalid)"
        if let eta = etaSeconds(snapshot, elapsed: elapsed) { text += " | ETA \(DurationText.describe(seconds: eta))" }
        return text
    }

    private static func tenths(_ value: Double) -> String {
        let scaled = Int((value * 10).rounded())
        return "\(scaled / 10).\(scaled % 10)"
    }

    /// `12,345`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }
}
