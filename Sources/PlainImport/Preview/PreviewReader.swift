/// Reads the first records of the inputs the mapping keeps and interprets them exactly as `import` does
/// (`OpenedSource` → `RecordInterpreter.interpret`), offline: it sends nothing and needs no
/// key and no journal.
public struct PreviewReader: Sendable {
    /// What was read.
    public struct Result: Sendable {
        /// The records read, in input order, at most `limit` of them.
        public var entries: [PreviewEntry] = []
        /// True when the inputs hold more records than were read.
        public var hasMore = false
        /// For each source likely in another encoding (SPEC §12.18) or format than it is read in,
        /// the hint saying which would read it (given once per source, by `RecordStream`).
        public var readingHints: [ReadingHint] = []
        /// Records the mapping's `where:` left out before the last entry (SPEC §15.3): never entries.
        public var filtered = 0
        /// How many of `entries` are invalid.
        public var invalidCount: Int { entries.count { $0.problem != nil } }

        /// Nothing read yet.
        public init() {}
    }

    /// The mapping (nil: native NDJSON inputs).
    public let mapping: Mapping?
    /// The most records to read, over all inputs together.
    public let limit: Int

    /// A reader that maps with `mapping` (nil: native NDJSON inputs) and stops after `limit` records.
    public init(mapping: Mapping?, limit: Int) {
        self.mapping = mapping
        self.limit = limit
    }

    /// The first `limit` records of `files`, in order. An input that cannot be opened (or a CSV
    /// header that cannot be read) is an `InputError`; a record that does not map is an entry
    /// with its problem.
    public func read(_ files: [InputFile]) throws(InputError) -> Result {
        var result = Result()
        for file in files {
            let opened = try OpenedSource.open(file, mapping: mapping)
            let interpreter = opened.interpreter
            var stream = RecordStream(opened, batching: .window) { interpreter.interpret($0) }
            while let item = try stream.next() {
                result.readingHints += item.hints
                let record = item.record
                let outcome = item.outcome
                if case .filtered = outcome {
                    if result.entries.count < limit { result.filtered += 1 }
                    continue
                }
                if result.entries.count >= limit {
                    result.hasMore = true
                    return result
                }
                result.entries.append(
                    PreviewEntry(
                        source: file.path,
                        line: record.line,
                        outcome: outcome,
                        record: StoredRecordText.value(of: opened.interpreter.original(record))
                    )
                )
            }
        }
        return result
    }
}
