import Foundation

/// A mapping string with `{{field}}` (required) and `{{field?}}` (optional) placeholders.
public struct Template: Sendable, Hashable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        case literal(String)
        case field(name: String, optional: Bool)
    }

    let parts: [Part]
    /// The template as written.
    public let description: String

    /// Parses a template; an unclosed `{{` or an empty name is an error.
    public init(_ text: String) throws(InputProblem) {
        description = text
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                throw InputProblem(field: nil, message: "template \"\(text)\" has a '{{' without '}}'")
            }
            var name = afterOpen[..<close.lowerBound].trimmingSpaces()
            var optional = false
            if name.hasSuffix("?") {
                optional = true
                name.removeLast()
                name = name.trimmingSpaces()
            }
            guard !name.isEmpty else {
                throw InputProblem(field: nil, message: "template \"\(text)\" has an empty '{{}}'")
            }
            parts.append(.field(name: name, optional: optional))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// The names of the fields the template reads.
    public var fieldNames: [String] {
        parts.compactMap { if case .field(let name, _) = $0 { name } else { nil } }
    }

    /// The template with the record's values inserted verbatim. A missing required field is
    /// an error naming it; a missing optional field renders empty.
    public func render(_ record: some RecordFields) throws(InputProblem) -> String {
        if parts.count == 1, case .literal(let text) = parts[0] { return text }
        var output = ""
        for part in parts {
            switch part {
            case .literal(let text):
                output += text
            case .field(let name, let optional):
                if let value = record.text(at: name) {
                    output += value
                } else if !optional {
                    throw InputProblem(field: name, message: "is missing (use {{\(name)?}} if it may be)")
                }
            }
        }
        return output
    }
}
