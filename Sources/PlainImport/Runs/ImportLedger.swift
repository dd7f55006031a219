import Foundation
import Logging

/// The importer's bookkeeping for one run: which records are in flight, each source's
/// checkpoint, and the batch of record states waiting to be committed. Owned by the one task
/// that drives the pipeline, so it needs no lock.
struct ImportLedger {
    /// A record handed to the uploader, with what the journal needs afterwards.
    struct Dispatched: Sendable {
        let sourceId: Int64
        let path: String
        let offset: Int64
        let line: Int
        /// The externalId as sent; nil while the event's thread is still to be looked up.
        let externalId: String?
        let kind: EventKind
        /// The journal key of a customer event's customer.
        let customer: String?
        /// The record as read, and how to show it, kept in case Plain refuses it: turned into
        /// JSON text only then.
        let record: SourceRecord
        let interpreter: RecordInterpreter

        /// The record as read, as JSON text (SPEC §7.2).
        var original: String { StoredRecordText.text(of: interpreter.original(record)) }
    }

    /// What to do with a record that was read.
    enum Taken {
        case send(Dispatched, EventInput)
        case settled
        /// `--limit` events were sent: the record stays unread for the next run.
        case held
        /// The record read at a journaled offset is not the record journaled there (SPEC §13.3):
        /// the file changed while it was read. Nothing more is read from it.
        case notAsJournaled(line: Int)
    }

    /// Where a source starts, as the run planned it.
    struct Start {
        let file: InputFile
        let source: JournalSource
        /// The file's size, and its stamp when it may be trusted next time.
        let size: Int64
        let stamp: FileStamp?
        /// Where to read from, with the checksum of the bytes before it.
        let mark: SourceMark
    }

    private struct Current {
        let sourceId: Int64
        let file: InputFile
        let lastSettled: Int64?
        let retryFailed: Bool
    }

    /// Records of the current source settled because the journal had their externalIds in
    /// Plain, and records new to the journal (sent, or invalid).
    private(set) var knownInPlain = 0
    private(set) var newToJournal = 0

    /// Records per commit, and longest time between commits.
    static let batchSize = 1024
    static let batchInterval: Duration = .seconds(1)

    private let journal: Journal
    private let monitor: RunMonitor
    private let logger: Logger
    private var controller: ConcurrencyController
    private var trackers: [Int64: CheckpointTracker] = [:]
    private var batch: [RecordUpdate] = []
    private var dirty: Set<Int64> = []
    private var lastFlush = ContinuousClock.now
    private var current: Current?
    private(set) var inFlight = 0
    var journalFailure: JournalError?
    /// Most events sent in this run (`--limit`), and how many were.
    private let limit: Int?
    private var sent = 0
    /// The run's first answers, while they are all the same permanent failure (SPEC §12.16).
    private var answers = 0
    private var firstFailure: PlainFailure?
    private var allTheSameFailure = true
    /// Records interpreted in this run while every one of them was invalid (SPEC: a flood of
    /// invalid records stops the run); nil once one was valid.
    private var invalidFromTheStart: Int? = 0

    init(journal: Journal, monitor: RunMonitor, logger: Logger, ceiling: Int, limit: Int? = nil) {
        self.journal = journal
        self.monitor = monitor
        self.logger = logger
        self.controller = ConcurrencyController(ceiling: ceiling)
        self.limit = limit
        monitor.update { $0.concurrencyLimit = ceiling }
    }

    /// How many requests may be in flight now.
    var concurrencyLimit: Int { controller.limit }

    /// Opens a source where the run planned to start it (its checkpoint, or its first failed
    /// record with `--retry-failed`), its reader keeping checksums from there. Nil when there is
    /// nothing new to read: the source is skipped without reading it.
    mutating func begin(_ start: Start, mapping: Mapping?, retryFailed: Bool) throws -> OpenedSource? {
        let file = start.file
        let source = start.source
        var mark = start.mark
        current = nil
        let nothingNew = Self.isReadToEnd(file, source, size: start.size, from: mark.offset)
        try journal.touchSource(source.id, size: file.isReadOnce ? 0 : start.size, stamp: start.stamp, mappingFingerprint: mapping?.fingerprint)
        try journal.forgetUnreadable(sourceId: source.id)
        knownInPlain = 0
        newToJournal = 0
        if nothingNew {
            logger.info("\(file.path): nothing new since the last run")
            monitor.update { $0.sourcesUnread += 1 }
            return nil
        }
        let monitor = self.monitor
        let opened = try OpenedSource.open(file, mapping: mapping, checksumming: !file.isReadOnce) { monitor.stopReason != nil }
        if mark.offset > opened.firstRecord.offset {
            logger.info("\(file.path): resuming at line \(mark.line) (byte \(mark.offset))")
            try opened.reader.resume(at: mark.offset, line: mark.line, checksum: mark.checksum)
        } else {
            mark = SourceMark(offset: opened.firstRecord.offset, line: opened.firstRecord.line, checksum: opened.reader.checksum)
        }
        trackers[source.id] = CheckpointTracker(start: mark)
        current = Current(
            sourceId: source.id,
            file: file,
            lastSettled: try journal.lastSettledOffset(sourceId: source.id, from: mark.offset),
            retryFailed: retryFailed
        )
        return opened
    }

    /// Whether nothing is left to read from `offset`: a plain file whose bytes all lie before it,
    /// or a gzip file whose size is unchanged since a run found its (decompressed) end at or
    /// before it. Standard input always has something to read.
    private static func isReadToEnd(_ file: InputFile, _ source: JournalSource, size: Int64, from offset: Int64) -> Bool {
        if file.isReadOnce { return false }
        if file.isGzip { return source.size == size && source.endOffset.map { offset >= $0 } == true }
        return offset > 0 && offset >= size
    }

    /// Where the current source's region that may be settled ends (`RecordLookahead` maps
    /// nothing up to it); nil when no record is settled past the reading start.
    var settledUpTo: Int64? { current?.lastSettled }

    /// Decides what to do with a record just read: skip it (settled before), settle it now
    /// (invalid, or already in Plain by its externalId), send it, or hold it unread (`--limit`
    /// reached). A record of the settled region is mapped, and looked up, only here and only
    /// when it is to be handled again.
    mutating func take(_ item: RecordLookahead.Item, from opened: OpenedSource) throws(JournalError) -> Taken {
        let record = item.record
        guard let current else { return .settled }
        // Only the region the journal may hold as settled is looked up record by record.
        let entry =
            try current.lastSettled.map { record.offset <= $0 } == true
            ? journal.journaled(sourceId: current.sourceId, offset: record.offset) : nil
        let fate = try RecordFate.decide(
            journaled: entry,
            bytes: .checksum(item.checksum),
            retryFailed: current.retryFailed,
            interpreted: { item.outcome ?? opened.interpreter.interpret(record) },
            isInPlain: { (externalId) throws(JournalError) in
                if let known = item.inPlain { return known }
                return try journal.isInPlain(externalId: externalId)
            }
        )
        switch fate {
        case .notAsJournaled:
            // Skipped only when it is byte for byte the record journaled (SPEC §13.3).
            try journal.distrust(current.sourceId)
            return .notAsJournaled(line: record.line)
        case .settledBefore:
            monitor.update { $0.skipped += 1 }
            return .settled
        case .invalid(let problem):
            monitor.update {
                $0.recordsRead += 1
                $0.invalid += 1
            }
            let fields = JSONWriter.string(.array(problem.fieldErrors.map(\.json)))
            batch.append(
                RecordUpdate(
                    sourceId: current.sourceId,
                    offset: record.offset,
                    line: record.line,
                    externalId: nil,
                    status: .invalid,
                    errorCode: InputProblem.code,
                    errorMessage: problem.description,
                    errorFields: fields,
                    record: StoredRecordText.text(of: opened.interpreter.original(record)),
                    checksum: item.checksum
                )
            )
            dirty.insert(current.sourceId)
            newToJournal += 1
            logger.warning(
                "\(current.file.path):\(record.line): invalid record: \(problem)",
                metadata: Self.recordMetadata(source: current.file.path, line: record.line, field: problem.field, code: InputProblem.code)
            )
            if let count = invalidFromTheStart.map({ $0 + 1 }) {
                invalidFromTheStart = count
                if count == RunMonitor.invalidFloodRecords, monitor.requestStop(.invalidFlood) {
                    logger.error(
                        "the first \(count) records read were all invalid (the last: \(current.file.path):\(record.line): \(problem)); stopping: the input is not what the mapping and format expect"
                    )
                }
            }
            return .settled
        case .filtered:
            return settle(item, of: current.sourceId, externalId: nil, as: .filtered, counted: \.filtered)
        case .inPlain(let externalId):
            knownInPlain += 1
            return settle(item, of: current.sourceId, externalId: externalId, as: .duplicate, counted: \.duplicates)
        case .send(let event):
            invalidFromTheStart = nil
            monitor.update { $0.recordsRead += 1 }
            let externalId = event.awaitsThread ? nil : event.externalId
            if let limit, sent >= limit {
                monitor.requestStop(.limitReached)
                return .held
            }
            sent += 1
            let dispatched = Dispatched(
                sourceId: current.sourceId,
                path: current.file.path,
                offset: record.offset,
                line: record.line,
                externalId: externalId,
                kind: event.kind,
                customer: event.customer?.journalKey,
                record: record,
                interpreter: opened.interpreter
            )
            trackers[current.sourceId]?.dispatched(offset: record.offset)
            journal(record, of: current.sourceId, externalId: externalId, as: .inFlight, checksum: item.checksum)
            newToJournal += 1
            inFlight += 1
            return .send(dispatched, event)
        }
    }

    /// Settles a record without sending it (filtered, or already in Plain): journaled with
    /// `status`, counted under `counter`.
    private mutating func settle(
        _ item: RecordLookahead.Item,
        of sourceId: Int64,
        externalId: String?,
        as status: RecordStatus,
        counted counter: WritableKeyPath<RunMonitor.Snapshot, Int>
    ) -> Taken {
        invalidFromTheStart = nil
        journal(item.record, of: sourceId, externalId: externalId, as: status, checksum: item.checksum)
        newToJournal += 1
        monitor.update {
            $0.recordsRead += 1
            $0[keyPath: counter] += 1
        }
        return .settled
    }

    /// Reading the current source failed after the last record handled: the rest of it is
    /// journaled as one invalid record where reading stood, so the inputs are not all in Plain
    /// (exit 1, listed by `failures`). The checkpoint stays before it; the next run reads from
    /// there again.
    mutating func unreadable(_ error: InputError) {
        monitor.update { $0.sourcesUnreadable += 1 }
        guard let current, let readEnd = trackers[current.sourceId]?.readEnd else { return }
        batch.append(
            RecordUpdate(
                sourceId: current.sourceId,
                offset: readEnd.offset,
                line: readEnd.line,
                externalId: nil,
                status: .invalid,
                errorCode: Journal.unreadableCode,
                errorMessage: "the rest of the file could not be read: \(error.reason)",
                errorFields: "[]"
            )
        )
        dirty.insert(current.sourceId)
        monitor.update { $0.invalid += 1 }
    }

    /// Adds the record's new state to the batch to commit.
    /// A record's diagnostic as log metadata (keys of JSON logs): where it is, which field, which code.
    static func recordMetadata(source: String, line: Int, field: String?, code: String) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["source": .string(source), "line": .stringConvertible(line), "code": .string(code)]
        if let field { metadata["field"] = .string(field) }
        return metadata
    }

    private mutating func journal(
        _ record: SourceRecord,
        of sourceId: Int64,
        externalId: String?,
        as status: RecordStatus,
        checksum: PrefixChecksum?
    ) {
        var update = RecordUpdate(sourceId: sourceId, offset: record.offset, line: record.line, externalId: externalId, status: status)
        update.checksum = checksum
        batch.append(update)
        dirty.insert(sourceId)
    }

    /// The current source was read to its end, at `offset`: an unchanged gzip file is then
    /// skipped without decompressing it once every record is settled.
    mutating func readToEnd(at offset: Int64) throws(JournalError) {
        guard let current, !current.file.isReadOnce else { return }
        try journal.markReadToEnd(current.sourceId, offset: offset)
    }

    /// Reading of the current source got to `mark`, just after the record handled last.
    mutating func read(upTo mark: SourceMark) {
        guard let current else { return }
        trackers[current.sourceId]?.read(upTo: mark)
        dirty.insert(current.sourceId)
    }

    /// Journals what the uploader made of a record.
    mutating func settle(_ dispatched: Dispatched, _ report: Uploader.Report) {
        inFlight -= 1
        controller.observe(latency: report.lastLatency, rateLimited: report.rateLimitedAnswers > 0)
        let limit = controller.limit
        var update = RecordUpdate(
            sourceId: dispatched.sourceId,
            offset: dispatched.offset,
            line: dispatched.line,
            externalId: report.externalId ?? dispatched.externalId,
            status: .pending
        )
        update.kind = dispatched.kind
        update.customer = dispatched.customer
        update.parentId = report.parentId
        var settled = true
        // The counter this answer adds to, changed with the others in one locking.
        var counter: WritableKeyPath<RunMonitor.Snapshot, Int>?
        switch report.delivery {
        case .created(let id):
            update.status = .done
            update.plainId = id
            counter = \.created
        case .duplicate:
            update.status = .duplicate
            counter = \.duplicates
        case .failed(let failure):
            update.status = .failed
            Self.describe(failure, in: &update)
            update.record = dispatched.original
            counter = \.failed
            var metadata = Self.recordMetadata(source: dispatched.path, line: dispatched.line, field: failure.fields.first?.field, code: failure.code)
            if let requestId = failure.requestId { metadata["requestId"] = .string(requestId) }
            logger.warning("\(dispatched.path):\(dispatched.line): not sent or refused: \(failure)", metadata: metadata)
        case .pending(let failure):
            settled = false
            if let failure { Self.describe(failure, in: &update) }
            counter = \.pending
        case .stopsRun(let stop) where stop.reason == .authenticationRefused:
            settled = false
        case .stopsRun(let stop):
            settled = false
            Self.describe(stop.failure, in: &update)
            counter = \.pending
        }
        monitor.update {
            if let counter { $0[keyPath: counter] += 1 }
            $0.inFlight -= 1
            $0.concurrencyLimit = limit
        }
        if settled { trackers[dispatched.sourceId]?.settle(offset: dispatched.offset) }
        judgeFirstAnswers(report.delivery)
        batch.append(update)
        dirty.insert(dispatched.sourceId)
        flushIfDue()
    }

    /// Stops the run when its first `certainFailureAnswers` answers are all permanent failures
    /// with one code: the rest would fail the same way (SPEC §12.16).
    private mutating func judgeFirstAnswers(_ delivery: Delivery) {
        guard allTheSameFailure, answers < RunMonitor.certainFailureAnswers else { return }
        switch delivery {
        case .failed(let failure):
            answers += 1
            if let firstFailure, firstFailure.code != failure.code { allTheSameFailure = false }
            if firstFailure == nil { firstFailure = failure }
        case .created, .duplicate:
            allTheSameFailure = false
        case .pending, .stopsRun:
            return
        }
        if allTheSameFailure, answers == RunMonitor.certainFailureAnswers, let firstFailure {
            monitor.noteCertainFailure(firstFailure)
            if monitor.requestStop(.certainFailure) {
                logger.error(
                    "the first \(answers) answers were all \(firstFailure.code); stopping"
                )
            }
        }
    }

    private static func describe(_ failure: PlainFailure, in update: inout RecordUpdate) {
        update.errorCode = failure.code
        update.errorMessage = failure.message
        update.requestId = failure.requestId
        update.errorFields = JSONWriter.string(.array(failure.fields.map(\.json)))
    }

    /// Commits when the batch is full or old enough. A failed commit stops the run.
    mutating func flushIfDue() {
        if batch.count >= Self.batchSize || ContinuousClock.now - lastFlush >= Self.batchInterval { flushAtEnd() }
    }

    /// Commits everything pending now.
    mutating func flushAtEnd() {
        guard journalFailure == nil else { return }
        var progress: [Int64: SourceProgress] = [:]
        for sourceId in dirty { if let tracker = trackers[sourceId] { progress[sourceId] = tracker.progress } }
        do {
            try journal.commit(batch, progress: progress)
            batch.removeAll(keepingCapacity: true)
            dirty.removeAll(keepingCapacity: true)
            lastFlush = ContinuousClock.now
        } catch {
            journalFailure = error
            monitor.requestStop(.journalFailure)
        }
    }
}
