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

    /// An importer for `configuration`, counting into `monitor` and logging to `logger`.
    public init(configuration: ImportConfiguration, monitor: RunMonitor = RunMonitor(), logger: Logger) {
        self.configuration = configuration
        self.monitor = monitor
        self.logger = logger
    }

    /// One source ready to import.
    private struct PlannedSource {
        let start: ImportLedger.Start
        /// When the file is a new version of a source the journal knows (SPEC §13.4): the first
        /// line where the versions differ, when it could be told.
        let newVersion: NewVersion?

        var file: InputFile { start.file }
        var journalSource: JournalSource { start.source }
        var size: Int64 { start.size }
    }

    /// How a file differs from the version of it the journal knew.
    private struct NewVersion {
        let firstDifferentLine: Int?
        /// The earlier version was journaled without checksums (before they were kept).
        let unchecked: Bool
    }

    /// What a child task hands back.
    private enum Completion: Sendable {
        case delivered(ImportLedger.Dispatched, Uploader.Report)
        case stopRequested
        case graceExpired
        case watcherEnded
        /// A commit interval passed: answers that arrived before a long wait (a 429 hold) are
        /// committed without waiting for the next record or answer.
        case flushDue
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
        _ = try configuration.connectionSettings()
        let files = try configuration.inputFiles(logger: logger)

        let journal = try Journal.openForRun(at: configuration.journalPath)
        if configuration.retryMissing {
            do {
                let reopened = try journal.reopenMissing()
                logger.notice("\(reopened) records the last verify found missing are sent again")
            } catch {
                throw .journal(error)
            }
        }
        let plan = try planSources(files, mapping: mapping, journal: journal)
        let (client, uploader) = try configuration.connect(monitor: monitor, logger: logger)
        var journalFailure: JournalError?
        var runId: Int64?
        do { runId = try journal.beginRun() } catch { journalFailure = error }

        if journalFailure == nil {
            let directory = CustomerDirectory(
                journal: journal,
                uploader: uploader,
                monitor: monitor,
                retryFailed: configuration.retryFailed,
                logger: logger
            )
            var before = StatusCounts()
            for entry in (try? journal.statusReport(sourceIds: Set(plan.map(\.journalSource.id)))) ?? [] { before.add(entry.counts) }
            let sizes = plan.allSatisfy { !$0.file.isGzip && !$0.file.isReadOnce } ? plan.reduce(Int64(0)) { $0 + $1.size } : 0
            monitor.update {
                $0.settledBefore = before.done + before.duplicate + before.failed + before.invalid + before.filtered
                $0.inPlainBefore = before.done + before.duplicate
                $0.failedBefore = before.failed
                $0.invalidBefore = before.invalid
                $0.filteredBefore = before.filtered
                $0.bytesTotal = sizes
            }
            // The total for progress is counted while the import runs; leaving this scope cancels it.
            async let _ = countRecords(plan.map(\.file), layout: mapping?.layout)
            journalFailure = await pump(plan, mapping: mapping, journal: journal, uploader: uploader, directory: directory)
            if journalFailure == nil { journalFailure = await directory.journalFailure }
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
            certificateFailure: monitor.certificateFailure,
            journalFailure: journalFailure,
            certainFailure: monitor.certainFailure,
            answeredOnce: monitor.everAnswered
        )
        if let runId {
            let sent = Double(report.run.created + report.run.duplicates)
            let seconds = report.elapsed.inSeconds
            try? journal.finishRun(
                runId,
                exitCode: nil,
                summary: "\(report.verdict)",
                eventsPerSecond: sent > 0 && seconds > 0 ? sent / seconds : nil
            )
        }
        withExtendedLifetime(journal) {}
        return report
    }

    /// Whether the file a record without a line end was read from is complete: still, at the
    /// size where the record ended, for `FileStamp.settleNanoseconds` (waiting at most that long).
    private static func isComplete(_ file: InputFile, endingAt end: Int64) async -> Bool {
        for look in 0..<2 {
            guard let stamp = try? FileStamp.of(path: file.path) else { return false }
            switch TrailingRecord.verdict(end: end, stamp: stamp, now: FileStamp.nowNanoseconds()) {
            case .complete: return true
            case .stillBeingWritten: return false
            case .lookAgain(let nanoseconds):
                if look == 1 { return false }
                try? await Task.sleep(for: .nanoseconds(nanoseconds))
            }
        }
        return false
    }

    // MARK: - Planning

    /// Finds or creates each input's journal source and where reading starts in it (SPEC §13):
    /// a file unchanged, or only grown, since the journal's version of it continues from its
    /// checkpoint (or its first failed record with `--retry-failed`, its first invalid one with
    /// `--retry-invalid`); a file whose bytes before the read mark differ is a new version, read
    /// from its start. Refuses a changed mapping for a source already begun (unless `--force`).
    /// Reads CSV headers so that a broken one stops the run before anything is sent.
    private func planSources(_ files: [InputFile], mapping: Mapping?, journal: Journal) throws(ImportError) -> [PlannedSource] {
        var plan: [PlannedSource] = []
        var changed: [String] = []
        var reopenedInvalid = 0
        do {
            for file in files {
                try OpenedSource.requireMapping(for: file, mapping)
                if file.isReadOnce {
                    let source = try journal.addSource(path: file.path, format: file.format, mappingFingerprint: mapping?.fingerprint)
                    let start = ImportLedger.Start(file: file, source: source, size: 0, stamp: nil, mark: source.checkpoint)
                    plan.append(PlannedSource(start: start, newVersion: nil))
                    continue
                }
                let stamp = try FileStamp.of(path: file.path)
                let trusted = stamp.isRacy(now: FileStamp.nowNanoseconds()) ? nil : stamp
                guard var known = try journal.currentSource(atPath: file.path, format: file.format) else {
                    let source = try journal.addSource(path: file.path, format: file.format, mappingFingerprint: mapping?.fingerprint)
                    let start = ImportLedger.Start(file: file, source: source, size: stamp.size, stamp: trusted, mark: source.checkpoint)
                    plan.append(PlannedSource(start: start, newVersion: nil))
                    if file.format.isDelimited { _ = try OpenedSource.open(file, mapping: mapping) }
                    continue
                }
                if configuration.retryInvalid {
                    reopenedInvalid += try journal.reopenInvalid(sourceIds: [known.id])
                    known = try journal.source(id: known.id) ?? known
                }
                let wanted = ReadingStart.wanted(
                    checkpoint: known.checkpoint,
                    firstFailed: configuration.retryFailed ? try journal.firstFailed(sourceId: known.id) : nil,
                    retryFailed: configuration.retryFailed
                )
                let continuity = try SourceContinuity(source: known, start: wanted).verdict(for: file, stamp: stamp)
                // The journal is asked only when the mapping differs.
                let settled = try known.mappingFingerprint != mapping?.fingerprint && journal.hasSettledRecords(sourceId: known.id)
                let mappingChange = ReadingStart.mappingChange(
                    journaled: known.mappingFingerprint,
                    fingerprint: mapping?.fingerprint,
                    hasSettledRecords: settled,
                    retryInvalid: configuration.retryInvalid,
                    force: configuration.force
                )
                switch mappingChange {
                case .none: break
                case .remapsInvalid: logger.notice("\(file.path): the mapping changed; its invalid records are mapped again with the new one")
                case .forced: logger.warning("\(file.path): the mapping changed since this source was begun; going on, as forced")
                case .refused: changed.append(file.path)
                }
                switch ReadingStart.decide(known: known, isReadOnce: false, continuity: continuity) {
                case .continues(let mark):
                    let planned = ImportLedger.Start(file: file, source: known, size: stamp.size, stamp: trusted, mark: mark)
                    plan.append(PlannedSource(start: planned, newVersion: nil))
                case .fresh, .newVersion:
                    let line = known.checksummed ? try Self.firstDifference(file, from: known, mapping: mapping, journal: journal) : nil
                    let source = try journal.addSource(
                        path: file.path,
                        format: file.format,
                        mappingFingerprint: mapping?.fingerprint,
                        supersedes: known.id
                    )
                    let planned = ImportLedger.Start(file: file, source: source, size: stamp.size, stamp: trusted, mark: source.checkpoint)
                    plan.append(PlannedSource(start: planned, newVersion: NewVersion(firstDifferentLine: line, unchecked: !known.checksummed)))
                }
                if file.format.isDelimited { _ = try OpenedSource.open(file, mapping: mapping) }
            }
        } catch {
            throw .wrapping(error)
        }
        if !changed.isEmpty { throw .mappingChanged(sources: changed) }
        if configuration.retryInvalid {
            logger.notice("\(reopenedInvalid) invalid records are read and mapped again")
        }
        return plan
    }

    /// Journaled records compared at a time when looking for the first difference.
    private static let differencePage = 4096

    /// The first line where `file` differs from the version `source` journaled: its records are
    /// read from the start and each compared, by its offset and the checksum of the bytes up to
    /// its end, with the record journaled in the same place. Nil when the file cannot be read.
    private static func firstDifference(
        _ file: InputFile,
        from source: JournalSource,
        mapping: Mapping?,
        journal: Journal
    ) throws(JournalError)
        -> Int?
    {
        guard let opened = try? OpenedSource.open(file, mapping: mapping, checksumming: true) else { return nil }
        func next() -> (record: SourceRecord, checksum: PrefixChecksum?)? {
            guard let record = try? opened.reader.next() else { return nil }
            return (record, opened.reader.checksum)
        }
        var current = next()
        var from: Int64 = 0
        while true {
            let marks = try journal.recordMarks(sourceId: source.id, from: from, limit: differencePage)
            // Every journaled record is as it was: the difference lies after the last of them.
            guard let last = marks.last else { return source.read.line }
            for mark in marks {
                while let read = current, read.record.offset < mark.offset { current = next() }
                guard let read = current, read.record.offset == mark.offset, let expected = mark.checksum, read.checksum == expected else {
                    return mark.line
                }
                current = next()
            }
            from = last.offset + 1
        }
    }

    /// Counts the inputs' records into the monitor (SPEC §11 progress total).
    private func countRecords(_ files: [InputFile], layout: InputLayout?) async {
        if let total = await RecordCounter.count(files, layout: layout) {
            monitor.update { $0.totalRecords = total }
        }
    }

    /// The one warning for a file read as a new version (SPEC §13.4), once its reading ended.
    private func warnNewVersion(_ file: InputFile, _ version: NewVersion, ledger: ImportLedger) {
        let why =
            version.unchecked
            ? "was journaled by an earlier plain-import that kept no checksums"
            : "changed since the last run" + (version.firstDifferentLine.map { " (first difference on line \($0))" } ?? "")
        logger.warning(
            "\(file.path) \(why): read again from its start as a new version; \(ledger.knownInPlain) records already in Plain were settled without a request, \(ledger.newToJournal) are new to the journal (an edited row is a new event unless the mapping's externalId comes from the row)"
        )
    }

    // MARK: - The pipeline

    /// Settles what the event needs first (its customer, its thread), then sends it.
    /// A delivery that finds the run must stop stops it at once (requests in flight then end
    /// pending), not when its completion is handled.
    private static func deliver(
        _ event: EventInput,
        uploader: Uploader,
        directory: CustomerDirectory,
        monitor: RunMonitor,
        logger: Logger
    ) async -> Uploader.Report {
        // Most events need nothing first: they do not wait their turn at the directory.
        let resolution = event.prerequisite == nil ? CustomerDirectory.ready(event) : await directory.prepare(event)
        switch resolution {
        case .ready(let ready, let parentId):
            var report = await uploader.deliver(ready)
            if case .stopsRun(let stop) = report.delivery { monitor.stop(stop, logger: logger) }
            report.parentId = report.parentId ?? parentId
            report.externalId = ready.externalId
            return report
        case .failed(let failure):
            return Uploader.Report(delivery: .failed(failure))
        case .pending(let failure):
            return Uploader.Report(delivery: .pending(failure))
        case .refused(let failure):
            return Uploader.Report(delivery: .stopsRun(UploadStop(reason: .authenticationRefused, failure: failure)))
        }
    }

    /// Reads, maps and sends every planned source; returns the journal failure that stopped it, if any.
    private func pump(
        _ plan: [PlannedSource],
        mapping: Mapping?,
        journal: Journal,
        uploader: Uploader,
        directory: CustomerDirectory
    ) async -> JournalError? {
        let monitor = self.monitor
        let configuration = self.configuration
        var ledger = ImportLedger(
            journal: journal,
            monitor: monitor,
            logger: logger,
            ceiling: configuration.concurrency,
            limit: configuration.limit
        )

        return await withTaskGroup(of: Completion.self) { group -> JournalError? in
            // Watches for a stop request (signal, time up) while the pipeline waits on uploads.
            let deadline = configuration.maxDuration.map { ContinuousClock.now + $0 }
            group.addTask {
                // Whatever Plain answers or holds back, a stretch without a success ends the run.
                let stallBudget = configuration.giveUpAfter + configuration.requestTimeout
                while !Task.isCancelled {
                    if let deadline, ContinuousClock.now >= deadline { monitor.requestStop(.timeUp) }
                    if monitor.isStalled(for: stallBudget), monitor.requestStop(.plainUnavailable) {
                        logger.error(
                            "no request has succeeded for \(Int(stallBudget.inSeconds)) s; stopping",
                            metadata: [Remedy.metadataKey: .string(Remedy.giveUpAfterOrRequestTimeout.rawValue)]
                        )
                    }
                    if monitor.stopReason != nil { return .stopRequested }
                    try? await Task.sleep(for: .milliseconds(100))
                }
                return .watcherEnded
            }
            var graceStarted = false
            // Commits on time even while nothing arrives; ends when the group is cancelled.
            func addFlusher() {
                group.addTask {
                    do { try await Task.sleep(for: ImportLedger.batchInterval) } catch { return .watcherEnded }
                    return .flushDue
                }
            }
            addFlusher()

            func handle(_ completion: Completion) {
                switch completion {
                case .delivered(let dispatched, let report):
                    ledger.settle(dispatched, report)
                case .stopRequested:
                    if !graceStarted {
                        graceStarted = true
                        let grace = configuration.drainGrace
                        // Each stop is said once, in words: most reasons were said when the stop was asked.
                        let said: String
                        switch monitor.stopReason {
                        case .timeUp?: said = "stopping: the run's time is up; "
                        case .limitReached?: said = "stopping: the events asked for were sent; "
                        default: said = ""
                        }
                        let inFlight = ledger.inFlight
                        logger.notice(
                            "\(said)no new records are read\(inFlight > 0 ? "; waiting up to \(Int(grace.inSeconds)) s for the \(inFlight) record\(inFlight == 1 ? "" : "s") being sent" : "")"
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
                case .flushDue:
                    ledger.flushIfDue()
                    if !group.isCancelled { addFlusher() }
                }
            }

            sources: for planned in plan {
                if monitor.stopReason != nil { break }
                do {
                    defer { if let newVersion = planned.newVersion { warnNewVersion(planned.file, newVersion, ledger: ledger) } }
                    guard let opened = try ledger.begin(planned.start, mapping: mapping, retryFailed: configuration.retryFailed) else { continue }
                    var position = opened.reader.position
                    var lookahead = RecordLookahead(opened, journal: journal, settledUpTo: ledger.settledUpTo)
                    while let item = try lookahead.take(unlessStopping: { monitor.stopReason != nil }) {
                        let advanced = item.position - position
                        position = item.position
                        // Counted, and the stop looked at, in one locking; a record taken when the
                        // run is stopping is left unread for the next run.
                        if monitor.update({
                            $0.bytesRead += advanced
                            return $0.stopReason != nil
                        }) {
                            break
                        }
                        for hint in item.hints {
                            logger.warning("\(hint.message)", metadata: [hint.metadata.key: .string(hint.metadata.value)])
                        }
                        if item.position >= planned.size, !planned.file.endsLine(before: item.position),
                            await !Self.isComplete(planned.file, endingAt: item.position)
                        {
                            monitor.update { $0.recordsHeld += 1 }
                            logger.warning(
                                "\(planned.file.path):\(item.record.line): the last record has no line end and the file is still being written (it changed in the last \(FileStamp.settleNanoseconds / 1_000_000_000) s): it is left unread for the next run"
                            )
                            continue sources
                        }
                        let taken = try ledger.take(item, from: opened)
                        if case .held = taken { break }
                        if case .notAsJournaled(let line) = taken {
                            logger.error(
                                "\(planned.file.path):\(line): the record read here is not the record the journal holds at its offset: the file changed while it was read; nothing more is read from it, and the next run reads it as a new version"
                            )
                            continue sources
                        }
                        if case .send(let dispatched, let event) = taken {
                            // `inFlight` already counts this record: wait until adding it keeps within the limit.
                            while ledger.inFlight > ledger.concurrencyLimit, let completion = await group.next() {
                                handle(completion)
                            }
                            monitor.update { $0.inFlight += 1 }
                            group.addTask {
                                .delivered(
                                    dispatched,
                                    await Self.deliver(event, uploader: uploader, directory: directory, monitor: monitor, logger: logger)
                                )
                            }
                        }
                        ledger.read(upTo: item.mark)
                        ledger.flushIfDue()
                    }
                    // Every record read ahead was handled: the reader stands at the input's end.
                    if monitor.stopReason == nil { try ledger.readToEnd(at: opened.reader.position) }
                    ledger.flushIfDue()
                } catch let error as JournalError {
                    ledger.journalFailure = error
                    monitor.requestStop(.journalFailure)
                    break sources
                } catch let error as InputError where error.interrupted {
                    break sources
                } catch let error as InputError {
                    ledger.unreadable(error)
                    logger.error("input \(error): the records after the last one read are not imported")
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
