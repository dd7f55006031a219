@testable import PlainImport

extension Template {
    /// The template with the record's values inserted verbatim. A missing required field is
    /// an error naming it; a missing optional field renders empty. `suggestOptional` adds the
    /// hint to write `{{name?}}` (not for fields that must not go missing quietly, as `timestamp:`).
    func render(_ record: some RecordFields, suggestOptional: Bool = true) throws(InputProblem) -> String {
        if parts.count == 1, case .literal(let text) = parts[0] { return text }
        var output = ""
        for part in parts {
            switch part {
            case .literal(let text):
                output += text
            case .field(let name, let optional, _):
                if let value = record.text(at: name) {
                    output += value
                } else if !optional {
                    throw InputProblem(field: name, message: suggestOptional ? "is missing (use {{\(name)?}} if it may be)" : "is missing")
                }
            }
        }
        return output
    }
}
