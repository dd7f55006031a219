import Foundation
import PlainImport

/// `import --metrics-file FILE`: the run's figures in the Prometheus text format, for
/// node_exporter's textfile collector. Written to a temporary file beside FILE and renamed over
/// it (never seen half-written), while the run goes on and once at its end, whatever the exit
/// code. The names are a contract: alerts are written against them.
struct MetricsFile: Sendable {
    /// What one write holds.
    struct Figures: Sendable {
        var running: Bool
        var started: Date
        var now: Date
        var exitCode: Int32?
        var lastSuccess: Date?
        var done: Int
        var failed: Int
        var invalid: Int
        /// Records a mapping's `where:` left out: settled, never sent.
        var filtered: Int
        var pending: Int
        var unreadBytes: Int64
        var created: Int
        var requests: Int
        var retries: Int
        var rateLimited: Int
    }

    let path: String
    let journal: String

    /// The text of `figures`, every series with `# HELP`, `# TYPE` and the journal's label.
    func render(_ figures: Figures) -> String {
        let label = "journal=\"\(Self.escaped(journal))\""
        var text = ""
        func gauge(_ name: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples { text += "\(name){\(sample.labels)} \(sample.value)\n" }
        }
        func seconds(_ date: Date) -> String { String(format: "%.3f", date.timeIntervalSince1970) }
        gauge("plain_import_running", "1 while the run goes on, 0 once it ended.", [(label, figures.running ? "1" : "0")])
        gauge("plain_import_run_start_timestamp_seconds", "When this run started (Unix seconds).", [(label, seconds(figures.started))])
        gauge(
            "plain_import_run_duration_seconds",
            "How long this run has run.",
            [(label, String(format: "%.3f", figures.now.timeIntervalSince(figures.started)))]
        )
        if let exitCode = figures.exitCode {
            gauge("plain_import_exit_code", "The ended run's exit code.", [(label, "\(exitCode)")])
        }
        if let lastSuccess = figures.lastSuccess {
            gauge(
                "plain_import_last_success_timestamp_seconds",
                "End of the last run with exit 0 on this journal (Unix seconds).",
                [(label, seconds(lastSuccess))]
            )
        }
        gauge(
            "plain_import_records",
            "The journal's records of this run's inputs by status (done = in Plain, duplicates included).",
            [
                ("\(label),status=\"done\"", "\(figures.done)"), ("\(label),status=\"failed\"", "\(figures.failed)"),
                ("\(label),status=\"invalid\"", "\(figures.invalid)"), ("\(label),status=\"filtered\"", "\(figures.filtered)"),
                ("\(label),status=\"pending\"", "\(figures.pending)"),
            ]
        )
        gauge("plain_import_unread_bytes", "Bytes of the inputs not yet read.", [(label, "\(figures.unreadBytes)")])
        gauge("plain_import_run_events_created", "Events created this run.", [(label, "\(figures.created)")])
        gauge("plain_import_run_requests", "Requests sent this run (all operations).", [(label, "\(figures.requests)")])
        gauge("plain_import_run_retries", "Requests retried this run.", [(label, "\(figures.retries)")])
        gauge("plain_import_run_rate_limited", "429 answers this run.", [(label, "\(figures.rateLimited)")])
        return text
    }

    /// Writes `figures` over the file; a failure is returned as a message (a warning, never a
    /// failure of the import).
    func write(_ figures: Figures) -> String? {
        do {
            try PrivateFile.write(render(figures).utf8, to: path, mode: 0o644)
            return nil
        } catch {
            return "metrics file: \(error)"
        }
    }

    /// A label value: backslash, quote and line feed escaped.
    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// The figures while the run goes on, from the monitor's counters.
    static func running(_ snapshot: RunMonitor.Snapshot, started: Date, lastSuccess: Date?) -> Figures {
        Figures(
            running: true,
            started: started,
            now: Date(),
            exitCode: nil,
            lastSuccess: lastSuccess,
            done: snapshot.inPlainBefore + snapshot.created + snapshot.duplicates,
            failed: snapshot.failedBefore + snapshot.failed,
            invalid: snapshot.invalidBefore + snapshot.invalid,
            filtered: snapshot.filteredBefore + snapshot.filtered,
            pending: snapshot.inFlight,
            unreadBytes: max(0, snapshot.bytesTotal - snapshot.bytesRead),
            created: snapshot.created,
            requests: snapshot.requests,
            retries: snapshot.retries,
            rateLimited: snapshot.rateLimited
        )
    }
}
