import Testing

@testable import PlainImport

/// The progress line as a pure function of the counters (SPEC §11, §12.12).
@Suite struct ProgressLineTests {
    @Test func countedTotalRateBudgetAndETA() {
        var snapshot = RunMonitor.Snapshot()
        snapshot.settledBefore = 100
        snapshot.created = 50
        snapshot.failed = 2
        snapshot.invalid = 1
        snapshot.totalRecords = 1000
        snapshot.requests = 60
        // Nine records handed on, four of them as requests Plain has now: the line shows the four.
        snapshot.inFlight = 9
        snapshot.requestsInFlight = 4
        snapshot.concurrencyLimit = 8
        #expect(
            ProgressLine.render(snapshot, elapsed: .seconds(10), rate: 400)
                == "153 / 1,000 done | 5.0 events/s | budget 90% of 400/min | in flight 4/8 | retried 0, 429s 0 | this run: failed 2, invalid 1 | ETA 3 min"
        )
    }

    /// Records a `where:` left out are done with: they count toward the total (found by review).
    @Test func filteredRecordsCountAsDone() {
        var snapshot = RunMonitor.Snapshot()
        snapshot.created = 90
        snapshot.filtered = 200
        snapshot.totalRecords = 300
        snapshot.concurrencyLimit = 8
        let line = ProgressLine.render(snapshot, elapsed: .seconds(10), rate: 600)
        #expect(line.hasPrefix("290 / 300 done"), "\(line)")
    }

    @Test func anEstimatedTotalIsMarked() {
        var snapshot = RunMonitor.Snapshot()
        snapshot.recordsRead = 10
        snapshot.created = 4
        snapshot.bytesRead = 1000
        snapshot.bytesTotal = 10_000
        snapshot.concurrencyLimit = 8
        let line = ProgressLine.render(snapshot, elapsed: .seconds(2), rate: 400)
        #expect(line.hasPrefix("4 / ~100 done | 2.0 events/s"), "\(line)")
        #expect(line.hasSuffix("ETA 48 s"), "\(line)")
        // Nothing known: no total, no ETA.
        #expect(!ProgressLine.render(RunMonitor.Snapshot(), elapsed: .seconds(1), rate: 400).contains("/ "))
    }
}
