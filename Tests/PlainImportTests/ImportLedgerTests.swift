import Foundation
import Logging
import Testing

@testable import PlainImport

/// The importer's bookkeeping for one run, on a real journal file and real inputs, with no
/// network: what it does with each record read, what it journals when an answer comes, and
/// where the checkpoint stands.
@Suite struct ImportLedgerTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-ledger-\(UUID().uuidString)")
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A source of native events: `lines` as written, one per line.
    struct Fixture {
        let journal: Journal
        let monitor: RunMonitor
        var ledger: ImportLedger
        let opened: OpenedSource
        var lookahead: RecordLookahead
        let sourceId: Int64

        mutating func next() throws -> RecordLookahead.Item? { try lookahead.take(unlessStopping: { false }) }
    }

    func fixture(_ lines: [String], limit: Int? = nil, journal existing: Journal? = nil) throws -> Fixture {
        let path = directory.appendingPathComponent("events.ndjson").path
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        let journal = try existing ?? Journal(path: directory.appendingPathComponent("journal.db").path)
        let monitor = RunMonitor()
        var ledger = ImportLedger(journal: journal, monitor: monitor, logger: logger, ceiling: 8, limit: limit)
        let file = InputFile(path: path, format: .ndjson, isGzip: false)
        let source =
            try journal.currentSource(atPath: path, format: .ndjson) ?? journal.addSource(path: path, format: .ndjson, mappingFingerprint: nil)
        let start = ImportLedger.Start(file: file, source: source, size: Int64(lines.joined().utf8.count), stamp: nil, mark: source.checkpoint)
        let opened = try #require(try ledger.begin(start, mapping: nil, retryFailed: false))
        let lookahead = RecordLookahead(opened, journal: journal, settledUpTo: ledger.settledUpTo)
        return Fixture(journal: journal, monitor: monitor, ledger: ledger, opened: opened, lookahead: lookahead, sourceId: source.id)
    }

    static func event(_ n: Int) -> String { #"{"threadId":"th_\#(n)","title":"event \#(n)","externalId":"ev-\#(n)","components":[]}"# }

    func created(_ id: String) -> Uploader.Report { Uploader.Report(delivery: .created(plainId: id)) }

    @Test func aValidRecordIsSentAndJournaledDoneWhenAnswered() throws {
        var run = try fixture([Self.event(1)])
        let item = try #require(try run.next())
        guard case .send(let dispatched, let event) = try run.ledger.take(item, from: run.opened) else {
            Issue.record("not sent")
            return
        }
        #expect(event.externalId == "ev-1")
        run.ledger.read(upTo: item.mark)
        #expect(run.ledger.inFlight == 1)
        run.ledger.flushAtEnd()
        #expect(try run.journal.journaled(sourceId: run.sourceId, offset: 0)?.status == .inFlight, "journaled before the answer")
        run.ledger.settle(dispatched, created("ev_1"))
        run.ledger.flushAtEnd()
        #expect(try run.journal.journaled(sourceId: run.sourceId, offset: 0)?.status == .done)
        #expect(try run.journal.source(id: run.sourceId)?.checkpoint.offset == item.position, "the checkpoint is past the settled record")
        #expect(run.monitor.snapshot.created == 1)
    }

    @Test func anInvalidRecordIsJournaledInvalidAndNeverSent() throws {
        var run = try fixture([#"{"title":"no thread or customer","components":[]}"#])
        let item = try #require(try run.next())
        guard case .settled = try run.ledger.take(item, from: run.opened) else {
            Issue.record("an invalid record was not settled")
            return
        }
        run.ledger.read(upTo: item.mark)
        run.ledger.flushAtEnd()
        #expect(try run.journal.journaled(sourceId: run.sourceId, offset: 0)?.status == .invalid)
        let failure = try #require(try run.journal.failures().first)
        #expect(failure.errorCode == "invalid_record")
        #expect(run.monitor.snapshot.invalid == 1)
        #expect(run.ledger.inFlight == 0)
    }

    @Test func theCheckpointStaysBeforeTheFirstRecordNotAnswered() throws {
        var run = try fixture((1...3).map(Self.event))
        var sent: [(ImportLedger.Dispatched, RecordLookahead.Item)] = []
        while let item = try run.next() {
            if case .send(let dispatched, _) = try run.ledger.take(item, from: run.opened) { sent.append((dispatched, item)) }
            run.ledger.read(upTo: item.mark)
        }
        #expect(sent.count == 3)
        // The third and the first are answered; the second is not.
        run.ledger.settle(sent[2].0, created("ev_3"))
        run.ledger.settle(sent[0].0, created("ev_1"))
        run.ledger.flushAtEnd()
        #expect(try run.journal.source(id: run.sourceId)?.checkpoint.offset == sent[0].1.position, "just after the first, before the second")
        run.ledger.settle(sent[1].0, created("ev_2"))
        run.ledger.flushAtEnd()
        #expect(try run.journal.source(id: run.sourceId)?.checkpoint.offset == sent[2].1.position, "all settled: past the last")
    }

    @Test func aRecordWhoseExternalIdIsInPlainIsSettledWithoutARequest() throws {
        var first = try fixture([Self.event(7)])
        let item = try #require(try first.next())
        guard case .send(let dispatched, _) = try first.ledger.take(item, from: first.opened) else { return }
        first.ledger.settle(dispatched, created("ev_7"))
        first.ledger.flushAtEnd()

        // The same event again, in another file: known in Plain by its externalId.
        let otherPath = directory.appendingPathComponent("again.ndjson").path
        try Data((Self.event(7) + "\n").utf8).write(to: URL(fileURLWithPath: otherPath))
        var ledger = ImportLedger(journal: first.journal, monitor: RunMonitor(), logger: logger, ceiling: 8)
        let source = try first.journal.addSource(path: otherPath, format: .ndjson, mappingFingerprint: nil)
        let file = InputFile(path: otherPath, format: .ndjson, isGzip: false)
        let opened = try #require(
            try ledger.begin(
                ImportLedger.Start(file: file, source: source, size: 0, stamp: nil, mark: source.checkpoint),
                mapping: nil,
                retryFailed: false
            )
        )
        var lookahead = RecordLookahead(opened, journal: first.journal, settledUpTo: nil)
        let again = try #require(try lookahead.take(unlessStopping: { false }))
        guard case .settled = try ledger.take(again, from: opened) else {
            Issue.record("sent again")
            return
        }
        #expect(ledger.knownInPlain == 1)
        #expect(ledger.inFlight == 0)
    }

    @Test func theLimitHoldsTheNextRecordUnreadAndStopsTheRun() throws {
        var run = try fixture((1...3).map(Self.event), limit: 2)
        var taken: [String] = []
        while let item = try run.next() {
            switch try run.ledger.take(item, from: run.opened) {
            case .send: taken.append("send")
            case .held: taken.append("held")
            default: taken.append("other")
            }
            if taken.last == "held" { break }
        }
        #expect(taken == ["send", "send", "held"])
        #expect(run.monitor.stopReason == .limitReached)
    }

    @Test func aThousandInvalidRecordsFromTheStartStopTheRun() throws {
        var run = try fixture(Array(repeating: "not json", count: RunMonitor.invalidFloodRecords + 5))
        var count = 0
        while run.monitor.stopReason == nil, let item = try run.next() {
            _ = try run.ledger.take(item, from: run.opened)
            count += 1
        }
        #expect(count == RunMonitor.invalidFloodRecords)
        #expect(run.monitor.stopReason == .invalidFlood)
    }

    @Test func oneValidRecordFirstMeansNoFlood() throws {
        var run = try fixture([Self.event(1)] + Array(repeating: "not json", count: RunMonitor.invalidFloodRecords + 5))
        while let item = try run.next() { _ = try run.ledger.take(item, from: run.opened) }
        #expect(run.monitor.stopReason == nil)
    }
}
