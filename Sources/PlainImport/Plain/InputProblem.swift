/// Why a record's event input cannot be sent: the field (a path such as
/// `components[2].componentText.text`, or a template's field name) and what is wrong.
public struct InputProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field concerned, when there is one.
    public let field: String?
    public let message: String
    /// True when the input has the right shape but breaks a documented limit (length, URL):
    /// Plain answers those with a VALIDATION mutation error rather than a GraphQL input error.
    public let isLimit: Bool

    /// A problem with `field` (nil: the record as a whole); `isLimit` for a broken documented limit.
    public init(field: String?, message: String, isLimit: Bool = false) {
        self.field = field
        self.message = message
        self.isLimit = isLimit
    }

    public var description: String {
        guard let field else { return message }
        return "\(field): \(message)"
    }
}

extension InputProblem {
    /// The problem as seen from the object holding it under `head` (a member name or `[n]`).
    func within(_ head: String) -> InputProblem {
        let path = field.map { $0.hasPrefix("[") ? head + $0 : head + "." + $0 } ?? head
        return InputProblem(field: path, message: message, isLimit: isLimit)
    }
}

extension InputProblem {
    /// The error code of a record that does not read or map, wherever it is shown (`failures`,
    /// `validate --json`, `preview --json`, the journal).
    public static let code = "invalid_record"

    /// The problem as Plain-style field errors: its field as a `VALIDATION` error, when it names one.
    public var fieldErrors: [PlainFailure.FieldError] {
        field.map { [PlainFailure.FieldError(field: $0, message: message, type: "VALIDATION")] } ?? []
    }
}
