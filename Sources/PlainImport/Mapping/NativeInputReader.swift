/// Takes an NDJSON object that is already Plain's input (SPEC §4, no mapping): a
/// `CreateCustomerEventInput` (has `customerIdentifier`) or `CreateThreadEventInput` (has
/// `threadId`), checked against the schema's rules and limits and sent as written.
public enum NativeInputReader {
    /// The event the object describes, or why it cannot be sent.
    public static func event(from object: JSONObject) throws(InputProblem) -> EventInput {
        let kind = try checkedKind(of: object)
        return EventInput(kind: kind, input: object, externalId: object["externalId"]?.stringValue)
    }

    /// Why the object cannot be sent, or nil: what `event(from:)` finds, without deriving the
    /// externalId (SPEC §3 `validate` reports no ids).
    public static func problem(in object: JSONObject) -> InputProblem? {
        do {
            _ = try checkedKind(of: object)
            return nil
        } catch {
            return error
        }
    }

    /// The kind of event the object is, once it is checked against the schema's rules.
    private static func checkedKind(of object: JSONObject) throws(InputProblem) -> EventKind {
        let hasCustomer = object["customerIdentifier"] != nil
        let hasThread = object["threadId"] != nil
        let kind: EventKind
        switch (hasCustomer, hasThread) {
        case (true, false): kind = .customer
        case (false, true): kind = .thread
        case (true, true):
            throw InputProblem(field: nil, message: "has both customerIdentifier and threadId; an event has one")
        case (false, false):
            throw InputProblem(field: nil, message: "has neither customerIdentifier (customer event) nor threadId (thread event)")
        }
        if let problem = EventInputRules.problem(in: object, kind: kind) { throw problem }
        return kind
    }
}
