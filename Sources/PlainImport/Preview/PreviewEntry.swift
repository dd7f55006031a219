/// One record as `preview` shows it: where it is, and either the event exactly as `import`
/// would send it or why it would not be sent. The page and the `--json` lines are both drawn
/// from this, so they cannot tell different stories.
public struct PreviewEntry: Sendable {
    /// The input's path as given (`-` for stdin).
    public let source: String
    /// The physical line on which the record starts (SPEC §7.1).
    public let line: Int
    /// The event, or the problem that makes the record invalid.
    public let outcome: RecordInterpreter.Outcome
    /// The record as read (SPEC §7.2), shown beside an invalid record's error.
    public let record: JSONValue

    /// An entry for the record at `source`:`line`, interpreted as `outcome`, read as `record`.
    public init(source: String, line: Int, outcome: RecordInterpreter.Outcome, record: JSONValue) {
        self.source = source
        self.line = line
        self.outcome = outcome
        self.record = record
    }

    /// The event that would be sent, when the record is valid.
    public var event: EventInput? {
        if case .event(let event) = outcome { return event }
        return nil
    }

    /// The problem, when the record is invalid.
    public var problem: InputProblem? {
        if case .invalid(let problem) = outcome { return problem }
        return nil
    }

    /// The record's place, `file:line`.
    public var place: String { "\(source):\(line)" }

    /// The `preview --json` line (SPEC §8, §12.10): `{"source", "line", "kind", "externalId",
    /// "input"}` with `input` the variable `import` sends (`EventInput.inputWithExternalId`), and for
    /// a thread named by its own id `"thread": {"externalId", "customer"}` (looked up first),
    /// or `{"source", "line", "error"}` with `error` shaped as in `failures`.
    public var json: JSONValue {
        var object = JSONObject([
            "source": .string(source),
            "line": .number(String(line)),
        ])
        switch outcome {
        case .event(let event):
            object["kind"] = .string(event.kind.rawValue)
            object["externalId"] = .string(event.externalId)
            object["input"] = .object(event.inputWithExternalId)
            if case .thread(let customer, let externalId)? = event.prerequisite {
                // The thread `import` looks up first, by the workspace's own id and its customer.
                object["thread"] = .object(JSONObject(["externalId": .string(externalId), "customer": .object(customer.json)]))
            }
        case .invalid(let problem):
            object["error"] = Self.error(problem)
        case .filtered:
            // Never an entry (`PreviewReader` counts them instead); said, should one be built.
            object["filtered"] = .bool(true)
        }
        return .object(object)
    }

    /// `{code, message, fields}` for a record that does not map, as `validate --json` and
    /// `failures` write it: code `invalid_record`, the message naming the field, and the field
    /// as a `VALIDATION` field error when there is one.
    public static func error(_ problem: InputProblem) -> JSONValue {
        .object(
            JSONObject([
                "code": .string(InputProblem.code),
                "message": .string(problem.description),
                "fields": .array(problem.fieldErrors.map(\.json)),
            ])
        )
    }
}
