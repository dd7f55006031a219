/// Reads a window of records (`RecordBatching.window`) ahead of the one the importer handles
/// through `RecordStream`, the one read-and-interpret loop, and asks
/// the journal once per window which of their externalIds are already in Plain, where asking per
/// record cost a query (and two file-lock system calls) each (issue 8).
///
/// - Everything the importer needs about a record's place is kept with it (where reading stood
///   after it, the hints it brought), so checkpoints and `--limit` see what they saw
///   without the window: records read ahead but not handled stay unread for the next run.
/// - Records at or before `settledUpTo` (a region the journal may hold as settled, re-read by a
///   `--retry-…` run) are neither mapped nor looked up here: the ledger asks the journal about
///   each, and maps only those it sends again (SPEC §7.12).
/// - A reading error comes after every record read before it.
/// - Standard input is read one record at a time: it cannot be read again, and a slow pipe must
///   not hold back what has arrived.
struct RecordLookahead {
    /// One record read, with what became of it.
    struct Item {
        let record: SourceRecord
        /// What the record maps to; nil for a record in the settled region (not mapped yet).
        let outcome: RecordInterpreter.Outcome?
        /// Whether the journal had the externalId the event is sent with as in Plain (done or
        /// duplicate) when the window was looked up; nil when it was not asked.
        let inPlain: Bool?
        /// Where reading stood just after the record, and the checksum of the bytes before it.
        let position: Int64
        let line: Int
        let checksum: PrefixChecksum?
        /// What the reader found about the input by this record, to say once.
        let hints: [ReadingHint]

        /// Where reading stood just after the record, as a mark to resume from.
        var mark: SourceMark { SourceMark(offset: position, line: line, checksum: checksum) }
    }

    private var stream: RecordStream<RecordInterpreter.Outcome?>
    private let journal: Journal
    private var items: [Item] = []
    private var next = 0

    /// A lookahead over `opened`, whose records at or before the offset `settledUpTo` may be
    /// settled in `journal`.
    init(_ opened: OpenedSource, journal: Journal, settledUpTo: Int64?) {
        let interpreter = opened.interpreter
        // Read one window at a time (one record from inputs read once), on the importer's thread.
        stream = RecordStream(opened, batching: .window) { record in
            let settledRegion = settledUpTo.map { record.offset <= $0 } ?? false
            return settledRegion ? nil : interpreter.interpret(record)
        }
        self.journal = journal
    }

    /// The next record, or nil at the end of the input, or when a new window is due and
    /// `stopping` says the run is stopping (nothing more is read then). A reading error comes
    /// after every record read before it.
    mutating func take(unlessStopping stopping: () -> Bool) throws -> Item? {
        if next == items.count {
            if stopping() { return nil }
            try refill()
        }
        guard next < items.count else { return nil }
        defer { next += 1 }
        return items[next]
    }

    private mutating func refill() throws {
        next = 0
        let read = try stream.nextBatch()
        let known = try journal.inPlain(read.compactMap { $0.outcome?.sentExternalId })
        items = read.map { item in
            Item(
                record: item.record,
                outcome: item.outcome,
                inPlain: item.outcome?.sentExternalId.map(known.contains),
                position: item.position,
                line: item.line,
                checksum: item.checksum,
                hints: item.hints
            )
        }
    }
}

extension RecordInterpreter.Outcome {
    /// The externalId the event is sent with, when it is an event whose id is known before
    /// sending (not one still waiting for its thread).
    var sentExternalId: String? {
        guard case .event(let event) = self, !event.awaitsThread else { return nil }
        return event.externalId
    }
}
