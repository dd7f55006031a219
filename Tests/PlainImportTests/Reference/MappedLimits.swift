@testable import PlainImport

/// Plain's documented limits (SPEC §2, §7.7) on the strings a mapping rendered: the only rules
/// a mapped event can still break, since the mapping fixed every shape and enum value before
/// any record was read. Finds the same first problem, with the same field and message, as
/// `EventInputRules` would on the whole input, without walking it generically.
enum MappedLimits {
    /// The first limit broken in `components` (as `RecordMapper` renders them), or nil.
    static func problem(inComponents components: [JSONValue]) -> InputProblem? {
        for (index, component) in components.enumerated() {
            if let problem = problem(inComponent: component) { return problem.within("components[\(index)]") }
        }
        return nil
    }

    /// The first limit broken in one component, in the order the generic rules check fields
    /// (by name: a copy button's tooltip before its value, a row's aside before its main).
    private static func problem(inComponent component: JSONValue) -> InputProblem? {
        guard let member = component.objectValue?.members.first, let fields = member.value.objectValue else { return nil }
        let problem: InputProblem?
        switch member.key {
        case "componentText":
            problem = length(fields, "text", EventInputRules.maximumTextLength)
        case "componentPlainText":
            problem = length(fields, "plainText", EventInputRules.maximumTextLength)
        case "componentLinkButton":
            problem = length(fields, "linkButtonLabel", EventInputRules.maximumLabelLength) ?? url(fields, "linkButtonUrl")
        case "componentWorkflowButton":
            problem = length(fields, "workflowButtonLabel", EventInputRules.maximumLabelLength)
        case "componentBadge":
            problem = length(fields, "badgeLabel", EventInputRules.maximumLabelLength)
        case "componentCopyButton":
            problem =
                length(fields, "copyButtonTooltipLabel", EventInputRules.maximumLabelLength)
                ?? length(fields, "copyButtonValue", EventInputRules.maximumCopyValueLength)
        case "componentRow":
            problem = list(fields, "rowAsideContent") ?? list(fields, "rowMainContent")
        default:
            problem = nil
        }
        return problem?.within(member.key)
    }

    private static func list(_ fields: JSONObject, _ name: String) -> InputProblem? {
        for (index, item) in (fields[name]?.arrayValue ?? []).enumerated() {
            if let problem = problem(inComponent: item) { return problem.within("[\(index)]").within(name) }
        }
        return nil
    }

    private static func length(_ fields: JSONObject, _ name: String, _ maximum: Int) -> InputProblem? {
        guard let text = fields[name]?.stringValue else { return nil }
        let length = text.utf16.count
        guard length > maximum else { return nil }
        return InputProblem(field: name, message: "is \(length) characters long; Plain allows at most \(maximum)", isLimit: true)
    }

    private static func url(_ fields: JSONObject, _ name: String) -> InputProblem? {
        guard let text = fields[name]?.stringValue, !EventInputRules.isValidURL(text) else { return nil }
        return InputProblem(field: name, message: "is not a valid URL: \"\(text)\"", isLimit: true)
    }
}
