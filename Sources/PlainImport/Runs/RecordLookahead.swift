/// Reads up to `window` records ahead of the one the importer handles, interprets them, and asks
/// the journal once per window which of their externalIds are already in Plain, where asking per
/// record cost a query (and two file-lock system calls) each (issue 8).
///
/// - Everything the importer needs about a record's place is kept with it (where reading stood
///   after it, the encoding hint it brought), so checkpoints and `--limit` see what they saw
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
        let hint: EncodingHint?

        /// Where reading stood just after the record, as a mark to resume from.
        var mark: SourceMark { SourceMark(offset: position, line: line, checksum: checksum) }
    }

    /// Records read ahead at most.
    static let window = 64
    /// Bytes of records read ahead at most (at least one record is): a window of huge records
    /// must not hold 64 of them at once.
    static let windowBytes: Int64 = 4 << 20

    private let opened: OpenedSource
    private let journal: Journal
    private let settledUpTo: Int64?
    private let size: Int
    private var items: [Item] = []
    private var next = 0
    /// The reading error met after the records in `items`, thrown once they are handed over.
    private var pendingError: (any Error)?

    /// A lookahead over `opened`, whose records at or before the offset `settledUpTo` may be
    /// settled in `journal`.
    init(_ opened: OpenedSource, journal: Journal, settledUpTo: Int64?) {
        self.opened = opened
        self.journal = journal
        self.settledUpTo = settledUpTo
        self.size = opened.file.isReadOnce ? 1 : Self.window
    }

    /// The next record, or nil at the end of the input, or when a new window is due and
    /// `stopping` says the run is stopping (nothing more is read then).
    mutating func take(unlessStopping stopping: () -> Bool) throws -> Item? {
        if next == items.count {
            if let error = pendingError {
                pendingError = nil
                throw error
            }
            if stopping() { return nil }
            try refill()
        }
        guard next < items.count else { return nil }
        defer { next += 1 }
        return items[next]
    }

    private mutating func refill() throws {
        items.removeAll(keepingCapacity: true)
        next = 0
        var read: [Item] = []
        do {
            var bytes: Int64 = 0
            while read.count < size, bytes < Self.windowBytes, let record = try opened.reader.next() {
                bytes += record.endOffset - record.offset
                let settledRegion = settledUpTo.map { record.offset <= $0 } ?? false
                read.append(
                    Item(
                        record: record,
                        outcome: settledRegion ? nil : opened.interpreter.interpret(record),
                        inPlain: nil,
                        position: opened.reader.position,
                        line: opened.reader.line,
                        checksum: opened.reader.checksum,
                        hint: opened.reader.takeEncodingHint()
                    )
                )
            }
        } catch {
            // The records read before the error are handled first.
            guard !read.isEmpty else { throw error }
            pendingError = error
        }
        let externalIds = read.compactMap { $0.outcome?.sentExternalId }
        let known = try journal.inPlain(externalIds)
        items = read.map { item in
            let id = item.outcome?.sentExternalId
            return Item(
                record: item.record,
                outcome: item.outcome,
                inPlain: id.map(known.contains),
                position: item.position,
                line: item.line,
                checksum: item.checksum,
                hint: item.hint
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
