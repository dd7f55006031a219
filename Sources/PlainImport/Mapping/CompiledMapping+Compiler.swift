import Foundation

/// How a `CompiledMapping` is made: the mapping's templates and components laid out in its
/// buffers, once per source.
extension CompiledMapping {
    /// The fixed pieces of JSON between rendered values, in the literal buffer: read through
    /// `Buffers` like the rest, not from shared globals whose references every lane would count.
    struct Fixed {
        let componentsKey: Span
        let timestampKey: Span
        let linkButtonOpen: Span
        let linkButtonURL: Span
        let copyButtonOpen: Span
        let copyButtonTooltip: Span
        let workflowButtonOpen: Span
        let rowOpen: Span
        let rowAside: Span
        let rowClose: Span
        let closeTwo: Span
        let closeThree: Span
        init(_ compiler: inout Compiler) {
            componentsKey = compiler.literal(",\"components\":[")
            timestampKey = compiler.literal(",\"timestamp\":")
            linkButtonOpen = compiler.literal("{\"componentLinkButton\":{\"linkButtonLabel\":")
            linkButtonURL = compiler.literal(",\"linkButtonUrl\":")
            copyButtonOpen = compiler.literal("{\"componentCopyButton\":{\"copyButtonValue\":")
            copyButtonTooltip = compiler.literal(",\"copyButtonTooltipLabel\":")
            workflowButtonOpen = compiler.literal("{\"componentWorkflowButton\":{\"workflowButtonLabel\":")
            rowOpen = compiler.literal("{\"componentRow\":{\"rowMainContent\":[")
            rowAside = compiler.literal("],\"rowAsideContent\":[")
            rowClose = compiler.literal("]}}")
            closeTwo = compiler.literal("}}")
            closeThree = compiler.literal("}}}")
        }
    }

    /// Builds the buffers from the mapping.
    struct Compiler {
        /// The CSV header; nil: fields are paths into JSON objects.
        let columns: ColumnIndex?
        /// The mapping's `maps:` tables and zone, for its filters.
        let maps: [String: [String: String]]
        let zone: TimeZone?
        var steps: [FilterStep] = []
        var literals: [UInt8] = []
        var pieces: [Piece] = []
        var parts: [Part] = []
        var fieldNames: [String] = []
        var labels: [String] = []

        static func json(_ text: String) -> [UInt8] { JSONWriter.bytes(.string(text)) }

        mutating func literal(_ bytes: [UInt8]) -> Span {
            defer { literals += bytes }
            return Span(start: literals.count, count: bytes.count)
        }

        mutating func literal(_ text: String) -> Span { literal(Array(text.utf8)) }

        /// `,"key":"value"` for each value that is there, in order (`leadingComma` false: none
        /// before the first), then `close`.
        mutating func members(_ pairs: [(String, String?)], leadingComma: Bool = true, close: String) -> Span {
            var bytes: [UInt8] = []
            for case (let key, let value?) in pairs {
                if leadingComma || !bytes.isEmpty { bytes.append(UInt8(ascii: ",")) }
                bytes += Self.json(key) + [UInt8(ascii: ":")] + Self.json(value)
            }
            return literal(bytes + Array(close.utf8))
        }

        /// A length check of the field `label` (`componentText.text`).
        /// The check of Plain's limit on the component field `label` (`"componentText.text"`),
        /// as `EventInputRules` states it.
        mutating func length(_ label: String) -> Check {
            labels.append(label)
            return .length(EventInputRules.maximumLength(label), label: labels.count - 1)
        }

        /// A field's filters, resolved, in `steps`.
        mutating func filters(_ filters: [TemplateFilter]) -> Span {
            let start = steps.count
            for (position, filter) in filters.enumerated() {
                var tableName = ""
                if case .map(let name) = filter { tableName = name }
                let rescued = filters[(position + 1)...].contains { if case .defaultValue = $0 { true } else { false } }
                steps.append(FilterStep(filter: filter, table: maps[tableName] ?? [:], tableName: tableName, zone: zone, rescued: rescued))
            }
            return Span(start: start, count: filters.count)
        }

        mutating func template(_ template: Template) -> Span {
            var compiled: [Piece] = []
            for part in template.parts {
                switch part {
                case .literal(let text):
                    compiled.append(.literal(literal(text)))
                case .field(let name, let optional, let filters):
                    let field = fieldNames.count
                    fieldNames.append(name)
                    let chain = self.filters(filters)
                    guard let columns else {
                        compiled.append(.path(field: field, optional: optional, filters: chain))
                        continue
                    }
                    compiled.append(
                        columns.position(of: name).map { .column($0, field: field, optional: optional, filters: chain) }
                            ?? .absent(field: field, optional: optional, filters: chain)
                    )
                }
            }
            defer { pieces += compiled }
            return Span(start: pieces.count, count: compiled.count)
        }

        /// The components, one after another in `parts` (a row's items after them).
        mutating func parts(_ components: [Mapping.Component]) -> Span {
            let compiled = components.map { part($0) }
            defer { parts += compiled }
            return Span(start: parts.count, count: compiled.count)
        }

        private mutating func part(_ component: Mapping.Component) -> Part {
            switch component {
            case .text(let text, let size, let color):
                return .single(
                    template: template(text),
                    open: literal("{\"componentText\":{\"text\":"),
                    close: members([("textSize", size), ("textColor", color)], close: "}}"),
                    check: length("componentText.text")
                )
            case .plainText(let text, let size, let color):
                return .single(
                    template: template(text),
                    open: literal("{\"componentPlainText\":{\"plainText\":"),
                    close: members([("plainTextSize", size), ("plainTextColor", color)], close: "}}"),
                    check: length("componentPlainText.plainText")
                )
            case .badge(let label, let color):
                return .single(
                    template: template(label),
                    open: literal("{\"componentBadge\":{\"badgeLabel\":"),
                    close: members([("badgeColor", color)], close: "}}"),
                    check: length("componentBadge.badgeLabel")
                )
            case .dateTime(let value):
                return .single(
                    template: template(value),
                    open: literal("{\"componentDateTime\":{\"dateTimeIso8601\":"),
                    close: literal("}}"),
                    check: .timestamp
                )
            case .user(let key, let value):
                return .single(
                    template: template(value),
                    open: literal(Array("{\"componentUser\":{\"userIdentifier\":{".utf8) + Self.json(key.rawValue) + [UInt8(ascii: ":")]),
                    close: literal("}}}"),
                    check: .none
                )
            case .spacer(let size):
                return .fixed(
                    literal(Array("{\"componentSpacer\":{".utf8) + bytes(of: members([("spacerSize", size)], leadingComma: false, close: "}}")))
                )
            case .divider(let size):
                return .fixed(
                    literal(
                        Array("{\"componentDivider\":{".utf8) + bytes(of: members([("dividerSpacingSize", size)], leadingComma: false, close: "}}"))
                    )
                )
            case .linkButton(let label, let url):
                return .linkButton(label: template(label), url: template(url))
            case .copyButton(let value, let tooltip):
                return .copyButton(value: template(value), tooltip: tooltip.map { template($0) })
            case .workflowButton(let label, let key, let identifier):
                return .workflowButton(
                    label: template(label),
                    key: literal(Array(",\"workflowButtonWorkflowIdentifier\":{".utf8) + Self.json(key.rawValue) + [UInt8(ascii: ":")]),
                    identifier: template(identifier)
                )
            case .row(let main, let aside):
                return .row(main: parts(main), aside: parts(aside))
            }
        }

        /// The bytes of a span just added (to build a literal around them).
        private mutating func bytes(of span: Span) -> [UInt8] {
            defer { literals.removeLast(span.count) }
            return Array(literals[span.range])
        }
    }
}
