import Crypto
import Foundation
import Yams

/// Reads a mapping file (YAML or JSON) into a `Mapping`, checking everything that can be
/// checked before any record is read: keys, enum values, templates, the customer identifier.
public struct MappingParser {
    private let file: String

    private init(file: String) { self.file = file }

    /// Reads and checks the mapping file at `path`.
    public static func load(path: String) throws(MappingError) -> Mapping {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw MappingError(file: path, line: nil, message: "cannot read the mapping file: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// Checks mapping text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(MappingError) -> Mapping {
        let parser = MappingParser(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw MappingError(file: file, line: nil, message: "the mapping file is empty")
            }
            root = node
        } catch let error as MappingError {
            throw error
        } catch let error as YamlError {
            throw MappingError(file: file, line: Self.line(of: error), message: "not valid YAML or JSON: \(Self.describe(error, in: text))")
        } catch {
            throw MappingError(file: file, line: nil, message: "not valid YAML or JSON: \(error)")
        }
        return try parser.mapping(from: root)
    }

    /// What YAML found wrong and where, with at most `excerptWidth` characters of the line around
    /// the place (Yams' own text repeats the whole line, however long).
    static func describe(_ error: YamlError, in text: String) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let lineText = mark.line >= 1 && mark.line <= lines.count ? Array(lines[mark.line - 1]) : []
            let column = max(1, mark.column)
            let from = max(0, min(column - 1, lineText.count) - excerptWidth / 2)
            let to = min(lineText.count, from + excerptWidth)
            let excerpt = (from > 0 ? "…" : "") + String(lineText[from..<to]) + (to < lineText.count ? "…" : "")
            let contextText = context.map { "\($0.text) (line \($0.mark.line)): " } ?? ""
            return "\(contextText)\(problem) at line \(mark.line), column \(column): \(excerpt)"
        default:
            return "\(error)"
        }
    }

    /// The most characters of a mapping line an error shows.
    static let excerptWidth = 80

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    // MARK: - Top level

    private static let topKeys: Set<String> = [
        "event", "customer", "threadId", "thread", "upsertCustomer", "title", "timestamp", "timezone", "externalId", "csv",
        "columns", "components", "maps", "where", "json",
    ]

    private func mapping(from root: Node) throws(MappingError) -> Mapping {
        let top = try members(of: root, allowed: Self.topKeys, what: "the mapping")
        let kindText = try top["event"].map { node throws(MappingError) in try scalar(node, what: "event") } ?? "customer"
        guard let kind = EventKind(rawValue: kindText) else {
            throw error(at: top["event"], "event must be customer or thread, not \"\(kindText)\"")
        }

        var customer: (key: Mapping.CustomerKey, template: Template)?
        var threadId: Template?
        var thread: Mapping.ThreadReference?
        var upsert: Mapping.UpsertCustomer?
        switch kind {
        case .customer:
            guard let customerNode = top["customer"] else {
                throw error(at: root, "a customer event needs customer: with one of email, externalId or id")
            }
            for key in ["threadId", "thread"] where top[key] != nil {
                throw error(at: top[key], "\(key) belongs to event: thread; this mapping has event: customer")
            }
            customer = try customerIdentifier(customerNode, what: "customer")
            if let upsertNode = top["upsertCustomer"], let customer {
                upsert = try upsertCustomer(upsertNode, identifier: customer.key)
            }
        case .thread:
            if top["customer"] != nil {
                throw error(at: top["customer"], "customer: does not apply to event: thread (a thread event names threadId or thread:)")
            }
            if top["upsertCustomer"] != nil {
                throw error(at: top["upsertCustomer"], "upsertCustomer: applies to event: customer only")
            }
            switch (top["threadId"], top["thread"]) {
            case (let threadIdNode?, nil):
                threadId = try template(threadIdNode, what: "threadId")
            case (nil, let threadNode?):
                let keys = try members(of: threadNode, allowed: ["externalId", "customer"], what: "thread")
                guard let externalIdNode = keys["externalId"], let customerNode = keys["customer"] else {
                    throw error(
                        at: threadNode,
                        "thread: needs externalId: and customer: { email | externalId | id } (a thread's externalId is unique per customer)"
                    )
                }
                thread = Mapping.ThreadReference(
                    externalId: try template(externalIdNode, what: "thread.externalId"),
                    customer: try customerIdentifier(customerNode, what: "thread.customer")
                )
            case (_?, _?):
                throw error(at: top["thread"], "give either threadId: or thread: { externalId, customer }, not both")
            case (nil, nil):
                throw error(at: root, "a thread event needs threadId: or thread: { externalId, customer }")
            }
        }

        guard let titleNode = top["title"] else { throw error(at: root, "title: is required") }
        let title = try template(titleNode, what: "title")
        let timestamp = try top["timestamp"].map { node throws(MappingError) in try template(node, what: "timestamp") }
        var timezone = TimeZone(identifier: "UTC") ?? TimeZone.current
        if let zoneNode = top["timezone"] {
            let name = try scalar(zoneNode, what: "timezone")
            guard let zone = TimeZone(identifier: name) else {
                throw error(at: zoneNode, "unknown timezone \"\(name)\" (use a name like UTC or Europe/London)")
            }
            timezone = zone
        }
        let externalId = try top["externalId"].map { node throws(MappingError) in try template(node, what: "externalId") }
        let csv = try csvOptions(top["csv"], columns: top["columns"])
        var components: [Mapping.Component] = []
        if let list = top["components"] {
            components = try self.components(list, nested: false)
        }
        var mapping = Mapping(
            file: file,
            kind: kind,
            customer: customer,
            threadId: threadId,
            thread: thread,
            upsertCustomer: upsert,
            title: title,
            timestamp: timestamp,
            timezone: timezone,
            externalId: externalId,
            csv: csv,
            components: components,
            fingerprint: Self.fingerprint(of: root)
        )
        if let mapsNode = top["maps"] { mapping.maps = try maps(mapsNode) }
        if let whereNode = top["where"] { mapping.conditions = try conditions(whereNode) }
        if let jsonNode = top["json"] {
            let keys = try members(of: jsonNode, allowed: ["records"], what: "json")
            guard let recordsNode = keys["records"] else { throw error(at: jsonNode, "json: needs records: \"path.to.array\"") }
            let path = try scalar(recordsNode, what: "json.records")
            let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !segments.contains(where: \.isEmpty) else {
                throw error(at: recordsNode, "json.records must be member names joined by dots, as in data.items, not \"\(path)\"")
            }
            mapping.jsonRecords = segments
        }
        for (key, template) in mapping.namedTemplates {
            for name in template.tableNames where mapping.maps[name] == nil {
                let known = mapping.maps.keys.sorted()
                throw MappingError(
                    file: file,
                    line: template.line,
                    message: "\(key): map: \(name) names no table of maps:"
                        + (known.isEmpty ? " (the mapping has none)" : " (tables: \(known.joined(separator: ", ")))")
                )
            }
        }
        return mapping
    }

    /// `maps: { NAME: { value: result, … } }` (SPEC §15.2).
    private func maps(_ node: Node) throws(MappingError) -> [String: [String: String]] {
        guard case .mapping(let tables) = node else { throw error(at: node, "maps must be a mapping of table names to tables") }
        var result: [String: [String: String]] = [:]
        for (nameNode, tableNode) in tables {
            guard let name = nameNode.string, !name.isEmpty else { throw error(at: nameNode, "a table of maps: needs a name") }
            guard case .mapping(let entries) = tableNode else {
                throw error(at: tableNode, "maps.\(name) must be a mapping of values to results, as in { gold: Gold plan }")
            }
            var table: [String: String] = [:]
            for (keyNode, valueNode) in entries {
                let key = try scalar(keyNode, what: "a key of maps.\(name)")
                guard table[key] == nil else { throw error(at: keyNode, "\"\(key)\" is given twice in maps.\(name)") }
                table[key] = try scalar(valueNode, what: "maps.\(name).\(key)")
            }
            result[name] = table
        }
        return result
    }

    /// `where:`, a list of `{ value: TEMPLATE, in: [...] }` or `{ value: TEMPLATE, notIn: [...] }` (SPEC §15.3).
    private func conditions(_ node: Node) throws(MappingError) -> [Mapping.Condition] {
        guard case .sequence(let sequence) = node else {
            throw error(at: node, "where must be a list of conditions, each { value: \"{{field}}\", in: [a, b] } or notIn:")
        }
        var result: [Mapping.Condition] = []
        for (position, item) in sequence.enumerated() {
            let keys = try members(of: item, allowed: ["value", "in", "notIn"], what: "where[\(position)]")
            guard let valueNode = keys["value"] else { throw error(at: item, "where[\(position)] needs value:") }
            guard (keys["in"] == nil) != (keys["notIn"] == nil), let listNode = keys["in"] ?? keys["notIn"] else {
                throw error(at: item, "where[\(position)] needs exactly one of in: [...] or notIn: [...]")
            }
            guard case .sequence(let values) = listNode else { throw error(at: listNode, "where[\(position)]: in / notIn must be a list") }
            var set = Set<String>()
            for value in values {
                // `null` and `~` in the list stand for an empty value.
                set.insert(isPlainNull(value) ? "" : try scalar(value, what: "where[\(position)]"))
            }
            result.append(
                Mapping.Condition(value: try template(valueNode, what: "where[\(position)].value"), values: set, negated: keys["notIn"] != nil)
            )
        }
        return result
    }

    private func csvOptions(_ node: Node?, columns topColumns: Node?) throws(MappingError) -> CSVOptions {
        var options = CSVOptions()
        var columnsNode = topColumns
        if let node {
            let keys = try members(of: node, allowed: ["delimiter", "header", "columns"], what: "csv")
            if let delimiterNode = keys["delimiter"] {
                var text = try scalar(delimiterNode, what: "csv.delimiter")
                if text == "\\t" || text == "tab" { text = "\t" }
                guard text.utf8.count == 1, let byte = text.utf8.first, byte != 0x22, byte != 0x0A, byte != 0x0D else {
                    throw error(at: delimiterNode, "csv.delimiter must be one single-byte character other than a quote or line break")
                }
                options.delimiter = byte
            }
            if let headerNode = keys["header"] {
                guard let flag = headerNode.bool else { throw error(at: headerNode, "csv.header must be true or false") }
                options.header = flag
            }
            if let nested = keys["columns"] { columnsNode = nested }
        }
        if let columnsNode {
            guard case .sequence(let sequence) = columnsNode else { throw error(at: columnsNode, "columns must be a list of names") }
            var names: [String] = []
            for item in sequence { names.append(try scalar(item, what: "columns")) }
            options.columns = names
        }
        if !options.header && options.columns == nil {
            throw error(at: node, "csv.header is false, so the mapping must name the columns with columns: [...]")
        }
        if options.header && options.columns != nil {
            throw error(at: columnsNode, "columns: applies only with csv: { header: false }")
        }
        return options
    }

    // MARK: - Customers

    private func customerIdentifier(_ node: Node, what: String) throws(MappingError) -> (key: Mapping.CustomerKey, template: Template) {
        let keys = try members(of: node, allowed: ["email", "externalId", "id"], what: what)
        guard keys.count == 1, let (name, valueNode) = keys.first else {
            throw error(at: node, "\(what) needs exactly one of email, externalId or id (found \(keys.count))")
        }
        let key: Mapping.CustomerKey = name == "email" ? .emailAddress : name == "id" ? .customerId : .externalId
        return (key, try template(valueNode, what: "\(what).\(name)"))
    }

    private func upsertCustomer(_ node: Node, identifier: Mapping.CustomerKey) throws(MappingError) -> Mapping.UpsertCustomer {
        let keys = try members(of: node, allowed: ["fullName", "shortName", "email", "externalId"], what: "upsertCustomer")
        if identifier == .customerId {
            throw error(at: node, "upsertCustomer: needs a customer named by email or externalId; customer: { id } names one that exists")
        }
        guard let fullName = keys["fullName"] else {
            throw error(at: node, "upsertCustomer: needs fullName: (when it renders empty, the email is used)")
        }
        if identifier == .externalId && keys["email"] == nil {
            throw error(at: node, "upsertCustomer: needs email: when the customer is named by externalId (Plain creates customers with an email)")
        }
        return Mapping.UpsertCustomer(
            fullName: try template(fullName, what: "upsertCustomer.fullName"),
            shortName: try keys["shortName"].map { node throws(MappingError) in try template(node, what: "upsertCustomer.shortName") },
            email: try keys["email"].map { node throws(MappingError) in try template(node, what: "upsertCustomer.email") },
            externalId: try keys["externalId"].map { node throws(MappingError) in try template(node, what: "upsertCustomer.externalId") }
        )
    }

    // MARK: - Components

    private func components(_ node: Node, nested: Bool) throws(MappingError) -> [Mapping.Component] {
        guard case .sequence(let sequence) = node else {
            throw error(at: node, "components must be a list, each item one component such as text: ...")
        }
        var result: [Mapping.Component] = []
        for item in sequence { result.append(try component(item, nested: nested)) }
        return result
    }

    private static let componentNames = [
        "text", "plainText", "spacer", "divider", "linkButton", "badge", "copyButton", "dateTime", "user",
        "workflowButton", "row",
    ]

    private func component(_ node: Node, nested: Bool) throws(MappingError) -> Mapping.Component {
        let entries = try members(of: node, allowed: Set(Self.componentNames), what: "a component")
        guard entries.count == 1, let (name, value) = entries.first else {
            throw error(at: node, "each component item has exactly one key, one of \(Self.componentNames.joined(separator: ", "))")
        }
        switch name {
        case "text", "plainText":
            let size: String?
            let color: String?
            let content: Template
            if case .mapping = value {
                let keys = try members(of: value, allowed: ["text", "plainText", "size", "color"], what: name)
                guard let textNode = keys["text"] ?? keys["plainText"] else { throw error(at: value, "\(name) needs text:") }
                content = try template(textNode, what: "\(name).text")
                size = try enumValue(keys["size"], allowed: EventInputRules.Enumerations.textSize, what: "\(name).size")
                color = try enumValue(keys["color"], allowed: EventInputRules.Enumerations.textColor, what: "\(name).color")
            } else {
                content = try template(value, what: name)
                size = nil
                color = nil
            }
            return name == "text" ? .text(content, size: size, color: color) : .plainText(content, size: size, color: color)
        case "spacer":
            return .spacer(size: try enumValue(nullable(value), allowed: EventInputRules.Enumerations.spacing, what: "spacer"))
        case "divider":
            return .divider(size: try enumValue(nullable(value), allowed: EventInputRules.Enumerations.spacing, what: "divider"))
        case "linkButton":
            let keys = try members(of: value, allowed: ["label", "url"], what: "linkButton")
            guard let label = keys["label"], let url = keys["url"] else { throw error(at: value, "linkButton needs label: and url:") }
            return .linkButton(label: try template(label, what: "linkButton.label"), url: try template(url, what: "linkButton.url"))
        case "badge":
            if case .mapping = value {
                let keys = try members(of: value, allowed: ["label", "color"], what: "badge")
                guard let label = keys["label"] else { throw error(at: value, "badge needs label:") }
                return .badge(
                    label: try template(label, what: "badge.label"),
                    color: try enumValue(keys["color"], allowed: EventInputRules.Enumerations.badgeColor, what: "badge.color")
                )
            }
            return .badge(label: try template(value, what: "badge"), color: nil)
        case "copyButton":
            if case .mapping = value {
                let keys = try members(of: value, allowed: ["value", "tooltip"], what: "copyButton")
                guard let content = keys["value"] else { throw error(at: value, "copyButton needs value:") }
                let tooltip = try keys["tooltip"].map { node throws(MappingError) in try template(node, what: "copyButton.tooltip") }
                return .copyButton(value: try template(content, what: "copyButton.value"), tooltip: tooltip)
            }
            return .copyButton(value: try template(value, what: "copyButton"), tooltip: nil)
        case "dateTime":
            return .dateTime(try template(value, what: "dateTime"))
        case "user":
            let keys = try members(of: value, allowed: ["email", "id"], what: "user")
            guard keys.count == 1, let (key, node) = keys.first else { throw error(at: value, "user needs exactly one of email or id") }
            return .user(key == "email" ? .emailAddress : .userId, try template(node, what: "user.\(key)"))
        case "workflowButton":
            let keys = try members(of: value, allowed: ["label", "workflowKey", "workflowId"], what: "workflowButton")
            guard let label = keys["label"] else { throw error(at: value, "workflowButton needs label:") }
            let identifiers = keys.filter { $0.key != "label" }
            guard identifiers.count == 1, let (key, node) = identifiers.first else {
                throw error(at: value, "workflowButton needs exactly one of workflowKey or workflowId")
            }
            return .workflowButton(
                label: try template(label, what: "workflowButton.label"),
                key: key == "workflowKey" ? .workflowKey : .workflowId,
                identifier: try template(node, what: "workflowButton.\(key)")
            )
        default:  // row
            if nested { throw error(at: node, "a row cannot hold a row") }
            let keys = try members(of: value, allowed: ["main", "aside"], what: "row")
            guard let main = keys["main"] else { throw error(at: value, "row needs main: [ ... ] with at least one component") }
            let mainComponents = try components(main, nested: true)
            if mainComponents.isEmpty { throw error(at: main, "row main: needs at least one component") }
            let aside = try keys["aside"].map { node throws(MappingError) in try components(node, nested: true) } ?? []
            return .row(main: mainComponents, aside: aside)
        }
    }

    // MARK: - Helpers

    private func error(at node: Node?, _ message: String) -> MappingError {
        MappingError(file: file, line: node?.mark?.line, message: message)
    }

    private func members(of node: Node, allowed: Set<String>, what: String) throws(MappingError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw error(at: node, "\(what) must be a mapping of keys to values") }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error(at: keyNode, "keys of \(what) must be names") }
            guard allowed.contains(key) else {
                throw error(at: keyNode, "unknown key \"\(key)\" in \(what); expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            guard result[key] == nil else { throw error(at: keyNode, "\"\(key)\" is given twice in \(what)") }
            result[key] = value
        }
        return result
    }

    private func scalar(_ node: Node, what: String) throws(MappingError) -> String {
        guard case .scalar(let value) = node else { throw error(at: node, "\(what) must be a single value") }
        return value.string
    }

    /// An unquoted `null`, `~` or nothing: YAML's null. A quoted "null" is the text null.
    private func isPlainNull(_ node: Node) -> Bool {
        guard case .scalar(let value) = node, value.style == .plain else { return false }
        return value.string.isEmpty || value.string == "null" || value.string == "~"
    }

    private func nullable(_ node: Node) -> Node? {
        if case .scalar(let value) = node, value.string.isEmpty || value.string == "null" || value.string == "~" { return nil }
        return node
    }

    private func template(_ node: Node, what: String) throws(MappingError) -> Template {
        let text = try scalar(node, what: what)
        do {
            return try Template(text, line: node.mark?.line)
        } catch {
            throw self.error(at: node, "\(what): \(error.message)")
        }
    }

    private func enumValue(_ node: Node?, allowed: Set<String>, what: String) throws(MappingError) -> String? {
        guard let node else { return nil }
        let text = try scalar(node, what: what)
        guard allowed.contains(text) else {
            throw error(at: node, "\(what) must be one of \(allowed.sorted().joined(separator: ", ")), not \"\(text)\"")
        }
        return text
    }

    /// A hash of the parsed content: equal for equal content whatever the formatting.
    private static func fingerprint(of root: Node) -> String {
        func value(_ node: Node) -> JSONValue {
            switch node {
            case .scalar(let scalar): return .string(scalar.string)
            case .sequence(let sequence): return .array(sequence.map(value))
            case .mapping(let mapping):
                var object = JSONObject()
                for (key, child) in mapping { object[key.string ?? "\(key)"] = value(child) }
                return .object(object)
            case .alias: return .null
            }
        }
        let digest = SHA256.hash(data: JSONWriter.bytes(value(root), canonical: true))
        return hexString(digest)
    }
}
