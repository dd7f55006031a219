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
    /// The 1-based line of the mapping file the template is written on, when known.
    public let line: Int?

    /// Parses a template; an unclosed `{{` or an empty name is an error. `line` is where the
    /// mapping file holds it, for messages.
    public init(_ text: String, line: Int? = nil) throws(InputProblem) {
        description = text
        self.line = line
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

    /// The names of the fields the template requires (written `{{name}}`, not `{{name?}}`).
    public var requiredFieldNames: [String] {
        parts.compactMap { if case .field(let name, false) = $0 { name } else { nil } }
    }

    /// Two templates are equal when they are written the same, wherever the file holds them.
    public static func == (left: Template, right: Template) -> Bool {
        left.description == right.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }
}
