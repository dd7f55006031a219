/// Reads and maps inputs offline (SPEC §3 `validate`): reports every invalid record, sends nothing.
public struct Validator: Sendable {
    /// One record that would not be sent.
    public struct InvalidRecord: Sendable {
        public let source: String
        public let line: Int
        public let problem: InputProblem
        /// The record as read (SPEC §7.2).
        public let record: JSONValue
    }

    /// What validation found.
    public struct Summary: Sendable, Hashable {
        public var records = 0
        /// Records that would be sent.
        public var valid = 0
        public var invalid = 0
        /// Records the mapping's `where:` leaves out (SPEC §15.3): neither valid nor invalid.
        public var filtered = 0

        /// Complete when every record maps; some records unsettled otherwise.
        public var verdict: ImportReport.Verdict { invalid == 0 ? .complete : .someRecordsUnsettled }
    }

    public let mapping: Mapping?

    /// A validator mapping records with `mapping` (nil: native NDJSON inputs).
    public init(mapping: Mapping?) { self.mapping = mapping }

    /// Validates every record of `files`, calling `report` for each invalid one, and `hint` once
    /// per source with the line that says which encoding would likely read it (SPEC §12.18),
    /// when its first invalid UTF-8 shows.
    public func validate(
        _ files: [InputFile],
        hint: (ReadingHint) -> Void = { _ in },
        report: (InvalidRecord) -> Void
    ) throws(InputError) -> Summary {
        var summary = Summary()
        // Every CSV header is checked against the mapping before any record is read (SPEC §12.15).
        for file in files where file.format.isDelimited && !file.isReadOnce {
            _ = try OpenedSource.open(file, mapping: mapping)
        }
        for file in files {
            let opened = try OpenedSource.open(file, mapping: mapping)
            // Records are interpreted on every core; outcomes come back in the order read.
            let interpreter = opened.interpreter
            var stream = RecordStream(opened, lanes: defaultInterpretationLanes) { interpreter.verdict(for: $0) }
            while let item = try stream.next() {
                summary.records += 1
                item.hints.forEach(hint)
                switch item.outcome {
                case .accepted:
                    summary.valid += 1
                case .filtered:
                    summary.filtered += 1
                case .invalid(let problem):
                    summary.invalid += 1
                    report(
                        InvalidRecord(
                            source: file.path,
                            line: item.record.line,
                            problem: problem,
                            record: StoredRecordText.value(of: interpreter.original(item.record))
                        )
                    )
                }
            }
        }
        return summary
    }
}
