@testable import PlainImport

/// The reference implementation of the mapping rules (SPEC §4, §7.3, §7.5): a tree built
/// field by field, kept in the tests only to hold `CompiledMapping`, the one engine, to it
/// (`CompiledMappingTests`). Nothing in `Sources/` uses it.
struct RecordMapper: Sendable {
    let mapping: Mapping

    /// A mapper rendering records with `mapping`.
    init(mapping: Mapping) { self.mapping = mapping }

    /// The event for this record (nil: `where:` leaves it out), or the first problem that keeps
    /// it from being sent.
    func event(for record: some RecordFields) throws(InputProblem) -> EventInput? {
        let context = FilterContext(maps: mapping.maps, zone: TimestampParser.isUTC(mapping.timezone) ? nil : mapping.timezone)
        let record = MappedFields(base: record, context: context)
        for condition in mapping.conditions {
            let text = try condition.value.render(record)
            if condition.values.contains(text) == condition.negated { return nil }
        }
        let draft = try self.draft(for: record)
        // The mapping fixed every shape and enum value; only the rendered strings' limits are left.
        if let problem = MappedLimits.problem(inComponents: draft.input["components"]?.arrayValue ?? []) { throw problem }
        return EventInput(kind: mapping.kind, input: draft.input, externalId: draft.externalId, prerequisite: draft.prerequisite)
    }

    /// The record rendered, with every problem but Plain's limits found: what `event(for:)`
    /// checks the limits of (and what tests check against the generic rules).
    func draft(for record: some RecordFields) throws(InputProblem) -> (input: JSONObject, externalId: String?, prerequisite: Prerequisite?) {
        var input = JSONObject()
        var prerequisite: Prerequisite?
        switch mapping.kind {
        case .customer:
            guard let customer = mapping.customer else { throw InputProblem(field: "customer", message: "is not mapped") }
            let identifier = try identifier(customer, record, field: "customer")
            input["customerIdentifier"] = .object(identifier.json)
            if let upsert = mapping.upsertCustomer {
                prerequisite = .customer(identifier, upsert: try upsertInput(upsert, identifier: identifier, record))
            }
        case .thread:
            if let thread = mapping.thread {
                let customer = try identifier(thread.customer, record, field: "thread.customer")
                let externalId = try thread.externalId.render(record)
                guard !externalId.isEmpty else {
                    throw InputProblem(field: "thread.externalId", message: "renders empty (\(thread.externalId))")
                }
                prerequisite = .thread(customer: customer, externalId: externalId)
            } else {
                guard let template = mapping.threadId else { throw InputProblem(field: "threadId", message: "is not mapped") }
                let value = try template.render(record)
                guard !value.isEmpty else { throw InputProblem(field: "threadId", message: "renders empty (\(template))") }
                input["threadId"] = .string(value)
            }
        }
        let title = try mapping.title.render(record)
        guard !title.isEmpty else { throw InputProblem(field: "title", message: "renders empty (\(mapping.title))") }
        input["title"] = .string(title)

        var components: [JSONValue] = []
        components.reserveCapacity(mapping.components.count)
        for (position, component) in mapping.components.enumerated() {
            if let rendered = try render(component, record, at: ComponentPlace(index: position)) { components.append(.object(rendered)) }
        }
        input["components"] = .array(components)

        if let template = mapping.timestamp {
            // No "use {{x?}}" hint: a backfilled event without its timestamp would show the import's time.
            let text = try template.render(record, suggestOptional: false)
            if !text.isEmpty {
                input["timestamp"] = .string(try normalizedTimestamp(text, field: "timestamp"))
            }
        }
        var externalId: String?
        if let template = mapping.externalId {
            let text = try template.render(record)
            if !text.isEmpty { externalId = text }
        }
        return (input, externalId, prerequisite)
    }

    /// Where a component sits in the mapping, for messages: built into text only for a problem.
    struct ComponentPlace {
        let index: Int
        var row: (part: String, index: Int)?

        var description: String {
            guard let row else { return "components[\(index)]" }
            return "components[\(index)].row.\(row.part)[\(row.index)]"
        }

        func inRow(_ part: String, _ position: Int) -> ComponentPlace {
            ComponentPlace(index: index, row: (part, position))
        }
    }

    private func identifier(
        _ customer: (key: Mapping.CustomerKey, template: Template),
        _ record: some RecordFields,
        field: String
    ) throws(InputProblem) -> CustomerIdentifier {
        let value = try customer.template.render(record)
        guard !value.isEmpty else {
            throw InputProblem(field: "\(field).\(customer.key.rawValue)", message: "renders empty (\(customer.template))")
        }
        if customer.key == .emailAddress { try Self.checkEmail(value, field: "\(field).\(customer.key.rawValue)") }
        return CustomerIdentifier(key: customer.key, value: value)
    }

    /// SPEC §15.4, written on its own: spaces around, spaces inside, not one `@` between a
    /// name and a domain.
    static func checkEmail(_ email: String, field: String) throws(InputProblem) {
        let scalars = Array(email.unicodeScalars)
        let reason: String
        if let first = scalars.first, let last = scalars.last, first.properties.isWhitespace || last.properties.isWhitespace {
            reason = "has spaces around it"
        } else if scalars.contains(where: { $0.properties.isWhitespace }) {
            reason = "has a space inside"
        } else if scalars.count(where: { $0 == "@" }) != 1 || scalars.first == "@" || scalars.last == "@" {
            reason = "is not one name, @ and a domain"
        } else {
            return
        }
        let fix = reason == "has spaces around it" ? " (| trim | lower in the template removes them)" : ""
        throw InputProblem(field: field, message: "\(JSONWriter.string(.string(email))) \(reason): Plain refuses it as an email\(fix)")
    }

    /// The `UpsertCustomerInput` of SPEC §9: `onCreate` with the optional fields that render
    /// non-empty, `onUpdate: {}` so that an existing customer is never changed.
    private func upsertInput(
        _ upsert: Mapping.UpsertCustomer,
        identifier: CustomerIdentifier,
        _ record: some RecordFields
    ) throws(InputProblem) -> JSONObject {
        let email = try upsert.email?.render(record) ?? (identifier.key == .emailAddress ? identifier.value : "")
        guard !email.isEmpty else {
            throw InputProblem(field: "upsertCustomer.email", message: "renders empty: Plain creates a customer with an email")
        }
        if upsert.email != nil { try Self.checkEmail(email, field: "upsertCustomer.email") }
        var fullName = try upsert.fullName.render(record)
        if fullName.isEmpty { fullName = email }
        var onCreate = JSONObject(["fullName": .string(fullName)])
        if let shortName = try upsert.shortName?.render(record), !shortName.isEmpty { onCreate["shortName"] = .string(shortName) }
        onCreate["email"] = .object(JSONObject(["email": .string(email), "isVerified": .bool(false)]))
        let externalId = try upsert.externalId?.render(record) ?? (identifier.key == .externalId ? identifier.value : "")
        if !externalId.isEmpty { onCreate["externalId"] = .string(externalId) }
        return JSONObject([
            "identifier": .object(identifier.json),
            "onCreate": .object(onCreate),
            "onUpdate": .object(JSONObject()),
        ])
    }

    private func normalizedTimestamp(_ text: String, field: String) throws(InputProblem) -> String {
        do {
            return try TimestampParser.normalize(text, defaultZone: mapping.timezone)
        } catch {
            throw InputProblem(field: field, message: error.message)
        }
    }

    /// The component's input, or nil when it is left out because its content renders empty.
    private func render(_ component: Mapping.Component, _ record: some RecordFields, at place: ComponentPlace) throws(InputProblem) -> JSONObject? {
        func optional(_ pairs: [(String, String?)]) -> JSONObject {
            var object = JSONObject()
            for (key, value) in pairs { if let value { object[key] = .string(value) } }
            return object
        }
        switch component {
        case .text(let template, let size, let color):
            let text = try template.render(record)
            if text.isEmpty { return nil }
            return JSONObject(["componentText": .object(optional([("text", text), ("textSize", size), ("textColor", color)]))])
        case .plainText(let template, let size, let color):
            let text = try template.render(record)
            if text.isEmpty { return nil }
            return JSONObject([
                "componentPlainText": .object(
                    optional([
                        ("plainText", text), ("plainTextSize", size), ("plainTextColor", color),
                    ])
                )
            ])
        case .spacer(let size):
            return JSONObject(["componentSpacer": .object(optional([("spacerSize", size)]))])
        case .divider(let size):
            return JSONObject(["componentDivider": .object(optional([("dividerSpacingSize", size)]))])
        case .linkButton(let labelTemplate, let urlTemplate):
            let label = try labelTemplate.render(record)
            let url = try urlTemplate.render(record)
            if label.isEmpty || url.isEmpty { return nil }
            return JSONObject([
                "componentLinkButton": .object(
                    JSONObject([
                        "linkButtonLabel": .string(label), "linkButtonUrl": .string(url),
                    ])
                )
            ])
        case .badge(let template, let color):
            let label = try template.render(record)
            if label.isEmpty { return nil }
            return JSONObject(["componentBadge": .object(optional([("badgeLabel", label), ("badgeColor", color)]))])
        case .copyButton(let template, let tooltipTemplate):
            let value = try template.render(record)
            if value.isEmpty { return nil }
            let tooltip = try tooltipTemplate?.render(record)
            return JSONObject([
                "componentCopyButton": .object(
                    optional([
                        ("copyButtonValue", value), ("copyButtonTooltipLabel", tooltip?.isEmpty == true ? nil : tooltip),
                    ])
                )
            ])
        case .dateTime(let template):
            let text = try template.render(record)
            if text.isEmpty { return nil }
            let iso: String
            do { iso = try TimestampParser.normalize(text, defaultZone: mapping.timezone) } catch {
                throw InputProblem(field: "\(place.description).dateTime", message: error.message)
            }
            return JSONObject(["componentDateTime": .object(JSONObject(["dateTimeIso8601": .string(iso)]))])
        case .user(let key, let template):
            let value = try template.render(record)
            if value.isEmpty { return nil }
            return JSONObject([
                "componentUser": .object(
                    JSONObject([
                        "userIdentifier": .object(JSONObject([key.rawValue: .string(value)]))
                    ])
                )
            ])
        case .workflowButton(let labelTemplate, let key, let identifierTemplate):
            let label = try labelTemplate.render(record)
            let identifier = try identifierTemplate.render(record)
            if label.isEmpty || identifier.isEmpty { return nil }
            return JSONObject([
                "componentWorkflowButton": .object(
                    JSONObject([
                        "workflowButtonLabel": .string(label),
                        "workflowButtonWorkflowIdentifier": .object(JSONObject([key.rawValue: .string(identifier)])),
                    ])
                )
            ])
        case .row(let main, let aside):
            var mainContent: [JSONValue] = []
            for (position, item) in main.enumerated() {
                if let rendered = try render(item, record, at: place.inRow("main", position)) { mainContent.append(.object(rendered)) }
            }
            if mainContent.isEmpty { return nil }
            var asideContent: [JSONValue] = []
            for (position, item) in aside.enumerated() {
                if let rendered = try render(item, record, at: place.inRow("aside", position)) { asideContent.append(.object(rendered)) }
            }
            return JSONObject([
                "componentRow": .object(
                    JSONObject([
                        "rowMainContent": .array(mainContent), "rowAsideContent": .array(asideContent),
                    ])
                )
            ])
        }
    }
}
