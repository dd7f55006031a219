/// Reads up to `Journal.lookupWindow` records ahead of the one the importer handles, interprets
/// them, and asks the journal once per window which of their externalIds are already in Plain,
/// where asking per record cost a query (and two file-lock system calls) each (issue 8).
///
/// Everything the importer needs about a record's place is kept with it (where reading stood
/// after it, the encoding hint it brought), so checkpoints and `--limit` see exactly what they
/// saw without the window: records read ahead but not handled stay unread for the next run.
struct RecordLookahead {
    /// One record read, with what became of it.
    struct Item {
        let record: SourceRecord
        let outcome: RecordInterpreter.Outcome
        /// Whether the journal had the externalId the event is sent with as in Plain (done or
        /// duplicate) when the window was looked up.
        let inPlain: Bool
        /// Where reading stood just after the record.
        let position: Int64
        let line: Int
        let hint: EncodingHint?
    }

    private let opened: OpenedSource
    private let journal: Journal
    private var window: [Item] = []
    private var next = 0

    init(_ opened: OpenedSource, journal: Journal) {
        self.opened = opened
        self.journal = journal
    }

    /// The next record, or nil at the end of the input, or when a new window is due and
    /// `stopping` says the run is stopping (nothing more is read then).
    mutating func take(unlessStopping stopping: () -> Bool) throws -> Item? {
        if next == window.count {
            if stopping() { return nil }
            try refill()
        }
        guard next < window.count else { return nil }
        defer { next += 1 }
        return window[next]
    }

    private mutating func refill() throws {
        window.removeAll(keepingCapacity: true)
        next = 0
        var read: [(SourceRecord, RecordInterpreter.Outcome, Int64, Int, EncodingHint?)] = []
        var externalIds: [String] = []
        while read.count < Journal.lookupWindow, let record = try opened.reader.next() {
            let outcome = opened.interpreter.interpret(record)
            if case .event(let event) = outcome, let id = Self.sentExternalId(event) { externalIds.append(id) }
            read.append((record, outcome, opened.reader.position, opened.reader.line, opened.reader.takeEncodingHint()))
        }
        let known = try journal.inPlain(externalIds)
        for (record, outcome, position, line, hint) in read {
            var inPlain = false
            if case .event(let event) = outcome, let id = Self.sentExternalId(event) { inPlain = known.contains(id) }
            window.append(Item(record: record, outcome: outcome, inPlain: inPlain, position: position, line: line, hint: hint))
        }
    }

    /// The externalId the event goes with, unless it waits for its thread (then it is not known yet).
    static func sentExternalId(_ event: EventInput) -> String? {
        event.awaitsThread ? nil : event.externalId
    }
}
