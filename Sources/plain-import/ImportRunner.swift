import Foundation
import Logging
import PlainImport

/// Runs an import for a command: signals, progress, the summary and the exit status.
struct ImportRunner {
    let configuration: ImportConfiguration
    let output: OutputOptions
    let logger: Logger

    /// Runs the import; with `--json`, prints its one summary object on stdout.
    func run() async -> ExitStatus {
        let (status, json) = await runCollectingJSON()
        if output.json { Console.output(JSONWriter.string(json)) }
        return status
    }

    /// Runs the import and returns its exit status and JSON summary without printing the JSON
    /// (the demo gathers its runs' summaries into one object).
    func runCollectingJSON() async -> (ExitStatus, JSONValue) {
        let monitor = RunMonitor()
        let trap = SignalTrap(monitor: monitor)
        defer { trap.cancel() }
        let importer = Importer(configuration: configuration, monitor: monitor, logger: logger)
        let progress = ProgressReporter(monitor: monitor, terminal: Console.stderrIsTerminal, rate: configuration.rate)
        let progressTask = output.quiet ? nil : Task { await progress.run() }
        let result: Result<ImportReport, ImportError>
        do {
            result = .success(try await importer.run())
        } catch {
            result = .failure(error)
        }
        progressTask?.cancel()
        _ = await progressTask?.value
        switch result {
        case .failure(let error):
            let status = ExitStatus(error)
            Console.error("plain-import: \(error)")
            return (status, .object(JSONObject(["error": .string("\(error)"), "exitCode": .number("\(status.rawValue)")])))
        case .success(let report):
            let status = ExitStatus(report.verdict)
            if !output.quiet { Console.error(Self.summary(report, status: status, journal: configuration.journalPath)) }
            return (status, Self.json(report, status: status))
        }
    }

    static func summary(_ report: ImportReport, status: ExitStatus, journal: String) -> String {
        let run = report.run
        var lines = [
            "plain-import: \(report.inputs.records) records known for these inputs; this run: \(run.created) created, "
                + "\(run.duplicates) already in Plain, \(run.failed) failed, \(run.invalid) invalid, \(run.skipped) skipped as settled before"
                + (run.sourcesUnread > 0 ? "; \(run.sourcesUnread) unchanged file\(run.sourcesUnread == 1 ? "" : "s") not read" : ""),
            "  \(run.requests) requests, \(run.retries) retries, \(run.rateLimited) answered 429, "
                + String(format: "%.1f s", report.elapsed.inSeconds),
            "  journal: \(report.inputs.done + report.inputs.duplicate) in Plain, \(report.inputs.failed) failed, "
                + "\(report.inputs.invalid) invalid, \(report.inputs.pending) pending",
        ]
        if let failure = report.authenticationFailure {
            lines.append("  Plain refused the API key or its permissions: \(failure). Nothing was marked failed; fix the key and run again.")
        }
        if let failure = report.journalFailure {
            lines.append("  \(failure)")
        }
        switch report.stopReason {
        case .signal?: lines.append("  stopped by a signal; run the same command again to resume")
        case .timeUp?: lines.append("  --max-duration reached; run the same command again to resume")
        case .plainUnavailable?: lines.append("  Plain was unavailable past the retry budget; run again later to resume")
        case .journalFailure?: lines.append("  stopped: the journal could not be written; what was committed is kept")
        case .authenticationRefused?, nil: break
        }
        if report.inputs.failed + report.inputs.invalid > 0 {
            lines.append("  see the failed and invalid records: plain-import failures --journal \(journal)")
        }
        lines.append("  exit \(status.rawValue)")
        return lines.joined(separator: "\n")
    }

    static func json(_ report: ImportReport, status: ExitStatus) -> JSONValue {
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        let seconds = report.elapsed.inSeconds
        var object = JSONObject([
            "records": number(report.inputs.records),
            "created": number(report.run.created),
            "duplicates": number(report.run.duplicates),
            "failed": number(report.inputs.failed),
            "invalid": number(report.inputs.invalid),
            "pending": number(report.inputs.pending),
            "requests": number(report.run.requests),
            "retries": number(report.run.retries),
            "rateLimited": number(report.run.rateLimited),
            "skipped": number(report.run.skipped),
            "elapsedSeconds": .number(String(format: "%.3f", seconds)),
            "exitCode": number(Int(status.rawValue)),
        ])
        if let reason = report.stopReason { object["stopReason"] = .string(reason.rawValue) }
        return .object(object)
    }
}
