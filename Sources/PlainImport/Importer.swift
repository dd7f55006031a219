import Foundation
import Logging

/// Runs one import (SPEC §3–§6): reads every input once, maps each record, sends events with
/// at most `concurrency` requests in flight, and journals every record's fate with a
/// checkpoint per source, so that a later run resumes without sending anything twice.
public struct Importer: Sendable {
    public let configuration: ImportConfiguration
    /// Live counters; safe to read from other tasks (progress).
    public let monitor: RunMonitor
    private let logger: Logger

    public init(configuration: ImportConfiguration, monitor: RunMonitor = RunMonitor(), logger: Logger) {
        self.configuration = configuration
        self.monitor = monitor
        self.logger = logger
    }

    /// One source ready to import.
    private struct PlannedSource {
        let file: InputFile
        let journalSource: JournalSource
        let size: Int64
    }

    /// What a child task hands back.
    private enum Completion: Sendable {
        case delivered(ImportLedger.Dispatched, Uploader.Report)
        case stopRequested
        case graceExpired
        case watcherEnded
    }

    /// Runs the import. Throws only for problems found before anything is sent (exit 2 / 4).
    public func run() async throws(ImportError) -> ImportReport {
        let started = ContinuousClock.now
        let mapping: Mapping?
        do {
            mapping = try configuration.mappingPath.map { path throws(MappingError) in try MappingParser.load(path: path) }
        } catch {
            throw .mapping(error)
        }
        let endpoint: PlainEndpoint
        do { endpoint = try PlainEndpoint(configuration.endpoint) } catch { throw .configuration(error) }
        guard let apiKey = configuration.apiKey else {
            throw .configuration(ConfigurationError("no API key: set PLAIN_API_KEY or pass --api-key-file FILE"))
        }
        let files: [InputFile]
        do { files = try InputFile.expand(configuration.inputs, format: configuration.format) } catch { throw .input(error) }
        if files.isEmpty {
            throw .input(InputError(path: configuration.inputs.joined(separator: " "), reason: "no .csv, .ndjson or .jsonl files found"))
        }

        let lock: JournalLock
        let journal: Journal
        do {
            lock = try JournalLock(journalPath: configuration.journalPath)
            journal = try Journal(path: configuration.journalPath)
        } catch {
            throw .journal(error)
        }
        let plan = try planSources(files, mapping: mapping, journal: journal)
        let client = PlainClient(
            endpoint: endpoint,
            apiKey: apiKey,
            timeout: configuration.requestTimeout,
            maximumConnections: configuration.concurrency,
            logger: logger
        )
        let uploader = Uploader(
            client: client,
            limiter: RateLimiter(requestsPerMinute: configuration.rate, logger: logger),
            policy: RetryPolicy(
                maximumAttempts: configuration.maxAttempts,
                baseDelay: configuration.retryBaseDelay,
                maximumDelay: configuration.retryMaximumDelay
            ),
            monitor: monitor,
            giveUpAfter: configuration.giveUpAfter,
            logger: logger
        )
        var journalFailure: JournalError?
        var runId: Int64?
        do { runId = try journal.beginRun() } catch { journalFailure = error }

        if journalFailure == nil {
            journalFailure = await pump(plan, mapping: mapping, journal: journal, uploader: uploader)
        }
        await client.shutdown()
        if let journalFailure {
            logger.error("\(journalFailure)")
            monitor.requestStop(.journalFailure)
        }
        var counts = StatusCounts()
        if let report = try? journal.statusReport(sourceIds: Set(plan.map(\.journalSource.id))) {
            for entry in report { counts.add(entry.counts) }
        }
        let report = ImportReport(
            run: monitor.snapshot,
            inputs: counts,
            elapsed: ContinuousClock.now - started,
            stopReason: monitor.stopReason,
            authenticationFailure: monitor.authenticationFailure,
            journalFailure: journalFailure
        )
        if let runId {
            try? journal.finishRun(runId, exitCode: nil, summary: "\(report.verdict)")
        }
        withExtendedLifetime(lock) {}
        return report
    }

    // MARK: - Planning

    /// Finds or creates each input's journal source, refusing a changed mapping for a source
    /// already begun (unless `--force`). Reads CSV headers so that a broken one stops the run
    /// before anything is sent.
    private func planSources(_ files: [InputFile], mapping: Mapping?, journal: Journal) throws(ImportError) -> [PlannedSource] {
        var plan: [PlannedSource] = []
        var changed: [String] = []
        do {
            for file in files {
                if file.format == .csv && mapping == nil {
                    throw ImportError.input(InputError(path: file.path, reason: "a CSV input needs a mapping file (--mapping FILE)"))
                }
                if file.isStandardInput {
                    let identity = SourceIdentity(path: "-", size: 0, headHash: "stdin-" + UUID().uuidString, headLength: 0)
                    let source = try journal.addSource(identity, format: file.format, mappingFingerprint: mapping?.fingerprint)
                    plan.append(PlannedSource(file: file, journalSource: source, size: 0))
                    continue
                }
                let identity = try SourceIdentity.of(path: file.path)
                var match: JournalSource?
                let known = try journal.sources(atPath: file.path)
                for candidate in known where candidate.format == file.format.rawValue {
                    guard identity.size >= Int64(candidate.headLength) else { continue }
                    let head =
                        candidate.headLength == identity.headLength
                        ? identity : try SourceIdentity.of(path: file.path, headLength: candidate.headLength)
                    if head.headHash == candidate.headHash {
                        match = candidate
                        break
                    }
                }
                if let existing = match {
                    if existing.mappingFingerprint != mapping?.fingerprint, try journal.hasSettledRecords(sourceId: existing.id) {
                        if configuration.force {
                            logger.warning("\(file.path): the mapping changed since this source was begun; going on (--force)")
                        } else {
                            changed.append(file.path)
                        }
                    }
                    plan.append(PlannedSource(file: file, journalSource: existing, size: identity.size))
                } else {
                    if !known.isEmpty {
                        logger.notice("\(file.path): its beginning changed since an earlier run; it is read as a new source")
                    }
                    let source = try journal.addSource(identity, format: file.format, mappingFingerprint: mapping?.fingerprint)
                    plan.append(PlannedSource(file: file, journalSource: source, size: identity.size))
                }
                if file.format == .csv { _ = try OpenedSource.open(file, mapping: mapping) }
            }
        } catch let error as ImportError {
            throw error
        } catch let error as InputError {
            throw .input(error)
        } catch let error as JournalError {
            throw .journal(error)
        } catch {
            throw .input(InputError(path: "", reason: "\(error)"))
        }
        if !changed.isEmpty { throw .mappingChanged(sources: changed) }
        return plan
    }

    // MARK: - The pipeline

    /// Reads, maps and sends every planned source; returns the journal failure that stopped it, if any.
    private func pump(_ plan: [PlannedSource], mapping: Mapping?, journal: Journal, uploader: Uploader) async -> JournalError? {
        let monitor = self.monitor
        let configuration = self.configuration
        var ledger = ImportLedger(journal: journal, monitor: monitor, logger: logger, ceiling: configuration.concurrency)

        return await withTaskGroup(of: Completion.self) { group -> JournalError? in
            // Watches for a stop request (signal, time up) while the pipeline waits on uploads.
            let deadline = configuration.maxDuration.map { ContinuousClock.now + $0 }
            group.addTask {
                while !Task.isCancelled {
                    if let deadline, ContinuousClock.now >= deadline { monitor.requestStop(.timeUp) }
                    if monitor.stopReason != nil { return .stopRequested }
                    try? await Task.sleep(for: .milliseconds(100))
                }
                return .watcherEnded
            }
            var graceStarted = false

            func handle(_ completion: Completion) {
                switch completion {
                case .delivered(let dispatched, let report):
                    ledger.settle(dispatched, report)
                case .stopRequested:
                    if !graceStarted {
                        graceStarted = true
                        let grace = configuration.drainGrace
                        logger.notice(
                            "stopping (\(monitor.stopReason?.rawValue ?? "stop")): no new records; waiting up to \(Int(grace.inSeconds)) s for \(ledger.inFlight) requests in flight"
                        )
                        group.addTask {
                            try? await Task.sleep(for: grace)
                            return Task.isCancelled ? .watcherEnded : .graceExpired
                        }
                    }
                case .graceExpired:
                    if ledger.inFlight > 0 {
                        logger.warning("grace period over: \(ledger.inFlight) requests in flight are abandoned and stay pending")
                        group.cancelAll()
                    }
                case .watcherEnded:
                    break
                }
            }

            sources: for planned in plan {
                if monitor.stopReason != nil { break }
                do {
                    guard
                        let opened = try ledger.begin(
                            planned.file,
                            source: planned.journalSource,
                            size: planned.size,
                            mapping: mapping,
                            retryFailed: configuration.retryFailed
                        )
                    else { continue }
                    while monitor.stopReason == nil, let record = try opened.reader.next() {
                        if case .send(let dispatched, let event) = try ledger.take(record, from: opened) {
                            // `inFlight` already counts this record: wait until adding it keeps within the limit.
                            while ledger.inFlight > ledger.concurrencyLimit, let completion = await group.next() {
                                handle(completion)
                            }
                            group.addTask { .delivered(dispatched, await uploader.deliver(event)) }
                        }
                        ledger.read(upTo: opened.reader.position, line: opened.reader.line)
                        ledger.flushIfDue()
                    }
                    if monitor.stopReason == nil { try ledger.readToEnd(at: opened.reader.position) }
                    ledger.flushIfDue()
                } catch let error as JournalError {
                    ledger.journalFailure = error
                    monitor.requestStop(.journalFailure)
                    break sources
                } catch let error as InputError {
                    logger.error("input \(error)")
                } catch {
                    logger.error("\(planned.file.path): \(error)")
                }
            }
            while ledger.inFlight > 0, let completion = await group.next() {
                handle(completion)
            }
            group.cancelAll()
            await group.waitForAll()
            ledger.flushAtEnd()
            return ledger.journalFailure
        }
    }
}
