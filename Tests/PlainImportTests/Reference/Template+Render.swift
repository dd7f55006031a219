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
            case .field(let name, let optional, let filters):
                var value = record.text(at: name)
                for (position, filter) in filters.enumerated() {
                    // The filters, one after another, as docs/mapping.md says: `map` misses are
                    // rescued by a later `default`.
                    let context = record.filterContext ?? FilterContext(maps: [:], zone: nil)
                    var tableName = ""
                    if case .map(let table) = filter { tableName = table }
                    let rescued = filters[(position + 1)...].contains { if case .defaultValue = $0 { true } else { false } }
                    let step = FilterStep(
                        filter: filter,
                        table: context.maps[tableName] ?? [:],
                        tableName: tableName,
                        zone: context.zone,
                        rescued: rescued
                    )
                    do { value = try step.apply(value) } catch { throw InputProblem(field: name, message: error.message) }
                }
                if let value {
                    output += value
                } else if !optional {
                    throw InputProblem(field: name, message: suggestOptional ? "is missing (use {{\(name)?}} if it may be)" : "is missing")
                }
            }
        }
        return output
    }
}
