import Foundation
import Logging
import PlainImport

/// Shows how a run goes (SPEC §3, §11): on a terminal a live line redrawn twice a second in
/// place; otherwise (cron) the same figures as a log line every `logEvery`.
struct ProgressReporter: Sendable {
    let monitor: RunMonitor
    let terminal: Bool
    let rate: Int
    /// How often progress is logged when stderr is not a terminal, unless `--progress-every` says.
    static let defaultLogEvery: Duration = .seconds(10)

    var logEvery: Duration = ProgressReporter.defaultLogEvery

    /// Reports until the task is cancelled.
    func run() async {
        let started = ContinuousClock.now
        let interval: Duration = terminal ? .milliseconds(500) : logEvery
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { break }
            let snapshot = monitor.snapshot
            let elapsed = ContinuousClock.now - started
            if LogFormat.current == .json {
                FileOutput.standardError.write(
                    LogFormat.jsonLine(level: "info", message: "progress", details: Self.figures(snapshot, elapsed: elapsed)) + "\n"
                )
                continue
            }
            let line = ProgressLine.render(snapshot, elapsed: elapsed, rate: rate)
            if terminal {
                LiveLine.shared.show(line)
            } else {
                // A log line like the others: with its time.
                Console.error(ConsoleLogHandler.line(.info, "progress: " + line))
            }
        }
        if terminal { LiveLine.shared.clear() }
    }

    /// The progress line's figures as numbers, for the JSON log format.
    static func figures(_ snapshot: RunMonitor.Snapshot, elapsed: Duration) -> JSONObject {
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        var object = JSONObject([
            "done": number(ProgressLine.done(snapshot)),
            "eventsPerSecond": .number(String(format: "%.1f", Double(snapshot.created + snapshot.duplicates) / max(0.001, elapsed.inSeconds))),
            "inFlight": number(snapshot.requestsInFlight),
            "concurrency": number(snapshot.concurrencyLimit),
            "retries": number(snapshot.retries),
            "rateLimited": number(snapshot.rateLimited),
            "failed": number(snapshot.failed),
            "invalid": number(snapshot.invalid),
        ])
        if let total = ProgressLine.total(snapshot) { object["total"] = number(total.records) }
        if let eta = ProgressLine.etaSeconds(snapshot, elapsed: elapsed) { object["etaSeconds"] = .number(String(format: "%.0f", eta)) }
        return object
    }
}
