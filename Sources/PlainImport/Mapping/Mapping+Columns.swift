extension Mapping {
    /// Every template of the mapping, with the key it is written under (`title`,
    /// `components[2].badge.label`), in the order of the file.
    public var namedTemplates: [(key: String, template: Template)] {
        var result: [(key: String, template: Template)] = []
        if let customer { result.append(("customer.\(customer.key.mappingName)", customer.template)) }
        if let threadId { result.append(("threadId", threadId)) }
        if let thread {
            result.append(("thread.externalId", thread.externalId))
            result.append(("thread.customer.\(thread.customer.key.mappingName)", thread.customer.template))
        }
        if let upsertCustomer {
            result.append(("upsertCustomer.fullName", upsertCustomer.fullName))
            let optional: [(String, Template?)] = [
                ("shortName", upsertCustomer.shortName), ("email", upsertCustomer.email), ("externalId", upsertCustomer.externalId),
            ]
            for case (let name, let template?) in optional { result.append(("upsertCustomer.\(name)", template)) }
        }
        result.append(("title", title))
        if let timestamp { result.append(("timestamp", timestamp)) }
        if let externalId { result.append(("externalId", externalId)) }
        for (position, component) in components.enumerated() {
            Self.collect(component, at: "components[\(position)]", into: &result)
        }
        for (position, condition) in conditions.enumerated() { result.append(("where[\(position)].value", condition.value)) }
        return result.sorted { ($0.template.line ?? Int.max) < ($1.template.line ?? Int.max) }
    }

    /// SPEC §12.15: a required `{{x}}` that names no column of the CSV header (or of `columns:`)
    /// is a mapping error at the template's line, found before any record is read. An optional
    /// `{{x?}}` may name a missing column.
    public func checkColumns(_ columns: ColumnIndex) throws(MappingError) {
        var missing: [(key: String, name: String, line: Int?)] = []
        var seen = Set<String>()
        for (key, template) in namedTemplates {
            for name in template.requiredFieldNames where columns.position(of: name) == nil && seen.insert(name).inserted {
                missing.append((key, name, template.line))
            }
        }
        guard let first = missing.first else { return }
        let names = columns.names.joined(separator: ", ")
        var message = "\(first.key): {{\(first.name)}} names no column of " + (csv.header ? "the CSV header (\(names))" : "columns: [\(names)]")
        // A record without its timestamp would show the import's time: no hint to make it optional.
        if first.key != "timestamp" { message += "; write {{\(first.name)?}} if the column may be absent" }
        let others = missing.dropFirst().map { "{{\($0.name)}}" + ($0.line.map { " (line \($0))" } ?? "") }
        if !others.isEmpty { message += "; also missing: \(others.joined(separator: ", "))" }
        throw MappingError(file: file, line: first.line, message: message)
    }

    private static func collect(_ component: Component, at path: String, into result: inout [(key: String, template: Template)]) {
        switch component {
        case .text(let template, _, _): result.append(("\(path).text", template))
        case .plainText(let template, _, _): result.append(("\(path).plainText", template))
        case .spacer, .divider: break
        case .linkButton(let label, let url):
            result.append(("\(path).linkButton.label", label))
            result.append(("\(path).linkButton.url", url))
        case .badge(let label, _): result.append(("\(path).badge.label", label))
        case .copyButton(let value, let tooltip):
            result.append(("\(path).copyButton.value", value))
            if let tooltip { result.append(("\(path).copyButton.tooltip", tooltip)) }
        case .dateTime(let template): result.append(("\(path).dateTime", template))
        case .user(_, let template): result.append(("\(path).user", template))
        case .workflowButton(let label, _, let identifier):
            result.append(("\(path).workflowButton.label", label))
            result.append(("\(path).workflowButton.identifier", identifier))
        case .row(let main, let aside):
            for (position, item) in main.enumerated() { collect(item, at: "\(path).row.main[\(position)]", into: &result) }
            for (position, item) in aside.enumerated() { collect(item, at: "\(path).row.aside[\(position)]", into: &result) }
        }
    }
}

extension Mapping.CustomerKey {
    /// The key as the mapping file writes it (`email`, `externalId`, `id`).
    var mappingName: String {
        switch self {
        case .emailAddress: "email"
        case .externalId: "externalId"
        case .customerId: "id"
        }
    }
}
