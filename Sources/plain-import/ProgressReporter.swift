import Foundation
import Logging
import PlainImport

/// Shows how a run goes (SPEC §3, §11): on a terminal a live line redrawn twice a second in
/// place; otherwise (cron) the same figures as a log line every `logEvery`.
struct ProgressReporter: Sendable {
    let monitor: RunMonitor
    let terminal: Bool
    let rate: Int
    var logEvery: Duration = .seconds(10)

    /// Reports until the task is cancelled.
    func run() async {
        let started = ContinuousClock.now
        let interval: Duration = terminal ? .milliseconds(500) : logEvery
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { break }
            let line = ProgressLine.render(monitor.snapshot, elapsed: ContinuousClock.now - started, rate: rate)
            if terminal {
                LiveLine.shared.show(line)
            } else {
                // A log line like the others: with its time.
                Console.error(ConsoleLogHandler.line(.info, "progress: " + line))
            }
        }
        if terminal { LiveLine.shared.clear() }
    }
}
