import Foundation
import Logging
import PlainImport

/// Runs an import for a command: signals, progress, the summary and the exit status.
struct ImportRunner {
    let configuration: ImportConfiguration
    let output: OutputOptions
    let logger: Logger
    /// How often progress is logged when stderr is not a terminal.
    var progressEvery: Duration = ProgressReporter.defaultLogEvery
    /// `--metrics-file`: where the run's metrics are written, if anywhere.
    var metricsFile: String?
    /// `--ping-url`: the cron monitor told when the run begins and how it ended, if any.
    var pingURL: String?

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
        let progress = ProgressReporter(
            monitor: monitor,
            terminal: Console.stderrIsTerminal,
            rate: configuration.rate,
            logEvery: progressEvery
        )
        let heartbeat = pingURL.map { url in
            Heartbeat(
                url: url,
                route: configuration.proxy.route(for: url),
                trusted: configuration.caFile.flatMap { try? TrustedCertificates(pemFile: $0) } ?? TrustedCertificates()
            )
        }
        // A ping never changes the exit code: a failed one is a warning.
        if let heartbeat, let problem = await heartbeat.ping("start") { logger.warning("\(problem)") }
        let progressTask = output.quiet ? nil : Task { await progress.run() }
        let started = Date()
        let metrics = metricsFile.map { MetricsFile(path: $0, journal: configuration.journalPath) }
        let lastSuccessBefore = metrics == nil ? nil : Self.lastSuccess(journal: configuration.journalPath)
        let logger = self.logger
        let every = progressEvery
        let metricsTask = metrics.map { metrics in
            Task { () -> Bool in
                var warned = false
                while !Task.isCancelled {
                    if let problem = metrics.write(MetricsFile.running(monitor.snapshot, started: started, lastSuccess: lastSuccessBefore)),
                        !warned
                    {
                        warned = true
                        logger.warning("\(problem)")
                    }
                    do { try await Task.sleep(for: every) } catch { break }
                }
                return warned
            }
        }
        let result: Result<ImportReport, ImportError>
        do {
            result = .success(try await importer.run())
        } catch {
            result = .failure(error)
        }
        progressTask?.cancel()
        _ = await progressTask?.value
        metricsTask?.cancel()
        let metricsWarned = await metricsTask?.value ?? false
        // The run's outcome, decided by the engine, read once.
        let status: ExitStatus
        switch result {
        case .failure(let error): status = ExitStatus(error.verdict)
        case .success(let report): status = ExitStatus(report.verdict)
        }
        if let metrics {
            var figures = MetricsFile.running(monitor.snapshot, started: started, lastSuccess: nil)
            if case .success(let report) = result {
                figures.done = report.inputs.done + report.inputs.duplicate
                figures.failed = report.inputs.failed
                figures.invalid = report.inputs.invalid
                figures.filtered = report.inputs.filtered
                figures.pending = report.inputs.pending
            }
            figures.running = false
            figures.now = Date()
            figures.exitCode = status.rawValue
            figures.lastSuccess = Self.lastSuccess(journal: configuration.journalPath)
            // One warning for a file that cannot be written, however many writes found it so.
            if let problem = metrics.write(figures), !metricsWarned { logger.warning("\(problem)") }
        }
        if let heartbeat {
            if let problem = await heartbeat.ping("\(status.rawValue)") { logger.warning("\(problem)") }
        }
        switch result {
        case .failure(let error):
            Console.error("plain-import: \(Advice.describe(error))", level: "error")
            return (status, .object(JSONObject(["error": .string(Advice.describe(error)), "exitCode": .number("\(status.rawValue)")])))
        case .success(let report):
            let figures = Self.json(report, status: status)
            if !output.quiet {
                Console.error(Self.summary(report, status: status, journal: configuration.journalPath), details: figures.objectValue ?? JSONObject())
            }
            return (status, figures)
        }
    }

    /// When the journal's last complete run ended, read without taking its lock; nil when unknown.
    static func lastSuccess(journal path: String) -> Date? {
        guard FileManager.default.fileExists(atPath: path), let journal = try? Journal(path: path, readOnly: true),
            let text = try? journal.lastCompleteRunEnd()
        else { return nil }
        return TimestampParser.instant(text)
    }

    /// The command that resumes this run: the one typed, without `--limit N`.
    static var resumeCommand: String {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let index = arguments.firstIndex(of: "--limit"), index + 1 < arguments.count { arguments.removeSubrange(index...(index + 1)) }
        arguments.removeAll { $0.hasPrefix("--limit=") }
        let quoted = arguments.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }
        return (["plain-import"] + quoted).joined(separator: " ")
    }

    static func summary(_ report: ImportReport, status: ExitStatus, journal: String, resume: String = resumeCommand) -> String {
        let run = report.run
        var lines = [
            "plain-import: \(report.inputs.records) records known for these inputs; this run: \(run.created) created, "
                + "\(run.duplicates) already in Plain, \(run.failed) failed, \(run.invalid) invalid, "
                + (run.filtered > 0 ? "\(run.filtered) filtered out by where:, " : "") + "\(run.skipped) skipped as settled before"
                + (run.sourcesUnread > 0 ? "; \(run.sourcesUnread) unchanged file\(run.sourcesUnread == 1 ? "" : "s") not read" : "")
                + (run.sourcesUnreadable > 0
                    ? "; \(run.sourcesUnreadable) file\(run.sourcesUnreadable == 1 ? "" : "s") could not be read to the end" : "")
                + (run.recordsHeld > 0
                    ? "; \(run.recordsHeld) last record\(run.recordsHeld == 1 ? "" : "s") held for the next run (file still being written)"
                    : ""),
            "  \(run.requests) requests; \(run.retries) failed for a moment (network, 5xx or 429) and were retried or left pending; "
                + "\(run.rateLimited) answered 429; " + String(format: "%.1f s", report.elapsed.inSeconds),
            "  journal: \(report.inputs.done + report.inputs.duplicate) in Plain, \(report.inputs.failed) failed, "
                + "\(report.inputs.invalid) invalid, "
                + (report.inputs.filtered > 0 ? "\(report.inputs.filtered) filtered, " : "") + "\(report.inputs.pending) pending",
        ]
        if run.customersCreated + run.customersExisting + run.customersFailed + run.lookups > 0 {
            lines.insert(
                "  customers: \(run.customersCreated) created, \(run.customersExisting) already in Plain, "
                    + "\(run.customersFailed) refused; \(run.lookups) customer and thread look-ups",
                at: 2
            )
        }
        if let failure = report.authenticationFailure {
            lines.append(
                failure.category == .proxyAuthenticationRequired
                    ? "  \(failure.message). Nothing was marked failed; fix the proxy's user and password in HTTPS_PROXY and run again."
                    : "  Plain refused the API key or its permissions: \(failure). Nothing was marked failed; fix the key and run again."
            )
        }
        if let failure = report.journalFailure {
            lines.append("  \(failure)")
            lines.append(
                "  the journal holds what was committed before that: this run's counts above include answers it could not record "
                    + "(\(run.created) created this run); the next run sends those records again with the same externalId and Plain "
                    + "answers them as duplicates, so nothing is doubled"
            )
        }
        switch report.stopReason {
        case .signal?: lines.append("  stopped by a signal; next: resume with the same command: \(resume)")
        case .timeUp?: lines.append("  --max-duration reached; next: resume with the same command: \(resume)")
        case .limitReached?:
            lines.append(
                "  --limit reached: \(run.created + run.duplicates + run.failed) events sent; look at them in Plain, then send the rest: \(resume)"
            )
        case .plainUnavailable?:
            lines.append(
                report.run.requests > 0 && !report.answeredOnce
                    ? "  Plain never answered: check --endpoint (or PLAIN_API_URL) and the network, then run again: \(resume)"
                    : "  Plain was unavailable past the retry budget; run again later to resume: \(resume)"
            )
        case .journalFailure?:
            lines.append("  stopped: the journal could not be written; what was committed is kept; free space or fix it, then: \(resume)")
        case .certainFailure?:
            let code = report.certainFailure?.code ?? "?"
            lines.append(
                "  stopped: the first \(RunMonitor.certainFailureAnswers) answers were all \(code): \(CertainFailure.advice(for: code)). "
                    + "The records not sent stay pending for the next run."
            )
        case .invalidFlood?:
            lines.append(
                "  stopped: the first \(RunMonitor.invalidFloodRecords) records read were all invalid. Check --format, --encoding and "
                    + "--mapping against the file (plain-import validate shows each problem); then: \(resume)"
            )
        case .untrustedCertificate?:
            lines.append(
                "  stopped: \(report.certificateFailure.map { Advice.appending($0.message, $0.remedy) } ?? "the TLS certificate is not trusted"). "
                    + "Nothing was marked failed; then: \(resume)"
            )
        case .wrongEndpoint?:
            let said = report.certificateFailure.map { Advice.appending($0.message, $0.remedy) } ?? "the endpoint is not Plain's GraphQL API"
            lines.append("  stopped: \(said). Nothing was marked failed.")
        case .authenticationRefused?, nil: break
        }
        if report.inputs.failed + report.inputs.invalid > 0 {
            lines.append("  next: see the failed and invalid records: plain-import failures --journal \(journal)")
        } else if report.stopReason == nil && report.inputs.pending > 0 {
            lines.append("  \(report.inputs.pending) records are still pending (out of attempts); next: run the same command again: \(resume)")
        }
        if status == .complete && run.created > 0 {
            lines.append("  next: check that Plain has them: plain-import verify --journal \(journal)")
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
            "filtered": number(report.inputs.filtered),
            "pending": number(report.inputs.pending),
            "requests": number(report.run.requests),
            "retries": number(report.run.retries),
            "rateLimited": number(report.run.rateLimited),
            "skipped": number(report.run.skipped),
            "read": number(report.run.recordsRead),
            "customersCreated": number(report.run.customersCreated),
            "customersExisting": number(report.run.customersExisting),
            "elapsedSeconds": .number(String(format: "%.3f", seconds)),
            "exitCode": number(Int(status.rawValue)),
        ])
        if let reason = report.stopReason { object["stopReason"] = .string(reason.rawValue) }
        return .object(object)
    }
}
