import Foundation
import PlainImport

/// Shows how a run goes (SPEC §3): on a terminal a live line every second; otherwise (cron)
/// a plain log line every 10 seconds.
struct ProgressReporter: Sendable {
    let monitor: RunMonitor
    let terminal: Bool
    let rate: Int

    /// Reports until the task is cancelled.
    func run() async {
        let started = ContinuousClock.now
        let interval: Duration = terminal ? .seconds(1) : .seconds(10)
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { break }
            let line = Self.line(monitor.snapshot, elapsed: ContinuousClock.now - started, rate: rate)
            if terminal {
                Console.errorInline("\r\u{1B}[2K" + line)
            } else {
                Console.error(line)
            }
        }
        if terminal { Console.errorInline("\r\u{1B}[2K") }
    }

    static func line(_ snapshot: RunMonitor.Snapshot, elapsed: Duration, rate: Int) -> String {
        let seconds = max(0.001, elapsed.inSeconds)
        let settled = snapshot.created + snapshot.duplicates + snapshot.failed + snapshot.invalid
        let perSecond = Double(snapshot.created + snapshot.duplicates) / seconds
        var text = "\(settled) settled"
        if let total = snapshot.totalRecords { text += " / \(total)" }
        text += String(format: " | %.1f events/s", perSecond)
        let requestsPerMinute = Double(snapshot.requests) / seconds * 60
        text += String(format: " | budget %.0f%% of %d/min", requestsPerMinute / Double(max(rate, 1)) * 100, rate)
        if let remaining = snapshot.lastRateLimit?.remaining { text += " (Plain: \(remaining) left)" }
        text += " | in flight \(snapshot.inFlight)/\(snapshot.concurrencyLimit)"
        text += " | retries \(snapshot.retries), 429s \(snapshot.rateLimited)"
        text += " | failed \(snapshot.failed), invalid \(snapshot.invalid)"
        if let total = snapshot.totalRecords, perSecond > 0 {
            let left = Double(max(0, total - settled - snapshot.skipped)) / perSecond
            text += " | ETA \(Int(left / 60))m\(Int(left) % 60)s"
        }
        return text
    }
}
