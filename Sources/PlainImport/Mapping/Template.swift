import Foundation

/// A mapping string with `{{field}}` (required) and `{{field?}}` (optional) placeholders.
public struct Template: Sendable, Hashable, CustomStringConvertible {
    enum Part: Sendable, Hashable {
        case literal(String)
        case field(name: String, optional: Bool, filters: [TemplateFilter])
    }

    let parts: [Part]
    /// The template as written.
    public let description: String
    /// The 1-based line of the mapping file the template is written on, when known.
    public let line: Int?

    /// Parses a template; an unclosed `{{`, an empty name or a filter that is not one of
    /// SPEC §15.2's is an error. `line` is where the mapping file holds it, for messages.
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
            let pieces = Self.splitFilters(afterOpen[..<close.lowerBound])
            var name = pieces[0].trimmingSpaces()
            var optional = false
            if name.hasSuffix("?") {
                optional = true
                name.removeLast()
                name = name.trimmingSpaces()
            }
            guard !name.isEmpty else {
                throw InputProblem(field: nil, message: "template \"\(text)\" has an empty '{{}}'")
            }
            var filters: [TemplateFilter] = []
            for piece in pieces.dropFirst() {
                do {
                    filters.append(try TemplateFilter(parsing: piece))
                } catch {
                    throw InputProblem(field: nil, message: "template \"\(text)\": \(error.message)")
                }
            }
            parts.append(.field(name: name, optional: optional, filters: filters))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// The text between `{{` and `}}` split at each `|` outside quotes.
    private static func splitFilters(_ text: Substring) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\" {
                    index = text.index(after: index)
                    if index == text.endIndex { break }
                } else if character == open {
                    quote = nil
                }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "|" {
                pieces.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        pieces.append(text[start...])
        return pieces
    }

    /// The names of the fields the template reads.
    public var fieldNames: [String] {
        parts.compactMap { if case .field(let name, _, _) = $0 { name } else { nil } }
    }

    /// The names of the fields the template requires: written `{{name}}`, not `{{name?}}`, and
    /// without a `default` filter.
    public var requiredFieldNames: [String] {
        parts.compactMap { part in
            guard case .field(let name, false, let filters) = part else { return nil }
            return filters.contains { if case .defaultValue = $0 { true } else { false } } ? nil : name
        }
    }

    /// The `maps:` tables the template's filters name.
    public var tableNames: [String] {
        parts.flatMap { part -> [String] in
            guard case .field(_, _, let filters) = part else { return [] }
            return filters.compactMap { if case .map(let name) = $0 { name } else { nil } }
        }
    }

    /// Two templates are equal when they are written the same, wherever the file holds them.
    public static func == (left: Template, right: Template) -> Bool {
        left.description == right.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }
}
