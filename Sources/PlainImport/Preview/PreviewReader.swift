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
        /// For each source read as UTF-8 that is likely in another encoding, the line that says
        /// which `--encoding` would read it (SPEC §12.18).
        public var encodingHints: [ReadingHint] = []
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
            while let record = try opened.reader.next() {
                if let hint = opened.reader.takeEncodingHint() { result.encodingHints.append(hint.hint(path: file.path)) }
                let outcome = opened.interpreter.interpret(record)
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
