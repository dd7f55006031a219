extension PreviewRenderer {
    /// Draws one component of an event input (SPEC §4's eleven, current and deprecated field
    /// names alike) as Plain draws it. A component it does not know is named, not drawn.
    func component(_ value: JSONValue, into html: inout String) {
        guard let object = value.objectValue, let member = object.members.first, let fields = member.value.objectValue else {
            html += "<div class=\"c-unknown\">(a component that is not an object)</div>\n"
            return
        }
        func string(_ keys: String...) -> String? {
            for key in keys { if let text = fields[key]?.stringValue { return text } }
            return nil
        }
        func choice(_ allowed: Set<String>, _ fallback: String, _ keys: String...) -> String {
            for key in keys { if let text = fields[key]?.stringValue, allowed.contains(text) { return text } }
            return fallback
        }
        let sizes: Set<String> = ["S", "M", "L"]
        let colors: Set<String> = ["NORMAL", "MUTED", "SUCCESS", "WARNING", "ERROR"]
        let spacings: Set<String> = ["XS", "S", "M", "L", "XL"]
        switch member.key {
        case "componentText":
            let size = choice(sizes, "M", "textSize", "size")
            let color = choice(colors, "NORMAL", "textColor", "color")
            html += "<p class=\"c-text size-\(size) color-\(color)\">\(PreviewMarkdown.html(string("text") ?? ""))</p>\n"
        case "componentPlainText":
            let size = choice(sizes, "M", "plainTextSize")
            let color = choice(colors, "NORMAL", "plainTextColor")
            html += "<p class=\"c-plain size-\(size) color-\(color)\">\(HTMLEscaping.escape(string("plainText") ?? ""))</p>\n"
        case "componentSpacer":
            html += "<div class=\"c-spacer sp-\(choice(spacings, "S", "spacerSize", "size"))\" aria-hidden=\"true\"></div>\n"
        case "componentDivider":
            html += "<hr class=\"c-divider sp-\(choice(spacings, "S", "dividerSpacingSize", "spacingSize"))\">\n"
        case "componentLinkButton":
            let label = HTMLEscaping.escape(string("linkButtonLabel", "label") ?? "")
            let url = string("linkButtonUrl", "url") ?? ""
            if EventInputRules.isValidURL(url) {
                html +=
                    "<div class=\"c-inline\"><a class=\"c-button c-link\" href=\"\(HTMLEscaping.escape(url))\" title=\"\(HTMLEscaping.escape(url))\" "
                html +=
                    "rel=\"noopener noreferrer nofollow\" target=\"_blank\"><span class=\"c-label\">\(label)</span>\(PreviewIcon.external.html)</a></div>\n"
            } else {
                html += "<div class=\"c-inline\"><span class=\"c-button c-link inert\" title=\"not an http(s) URL: \(HTMLEscaping.escape(url))\">"
                html += "<span class=\"c-label\">\(label)</span>\(PreviewIcon.external.html)</span></div>\n"
            }
        case "componentWorkflowButton":
            let label = HTMLEscaping.escape(string("workflowButtonLabel") ?? "")
            let identifier = fields["workflowButtonWorkflowIdentifier"]?.objectValue?.members.first
            let runs = identifier.map { "runs workflow \($0.key == "workflowKey" ? "key" : "id") \($0.value.stringValue ?? "")" } ?? "runs a workflow"
            html += "<div class=\"c-inline\"><span class=\"c-button c-workflow\" title=\"\(HTMLEscaping.escape(runs))\">"
            html += "\(PreviewIcon.workflow.html)<span class=\"c-label\">\(label)</span></span></div>\n"
        case "componentBadge":
            let color = choice(["GREY", "GREEN", "YELLOW", "RED", "BLUE"], "GREY", "badgeColor")
            html += "<div class=\"c-inline\"><span class=\"c-badge badge-\(color)\">\(HTMLEscaping.escape(string("badgeLabel") ?? ""))</span></div>\n"
        case "componentCopyButton":
            let value = string("copyButtonValue") ?? ""
            let tooltip = string("copyButtonTooltipLabel").flatMap { $0.isEmpty ? nil : $0 } ?? value
            html += "<div class=\"c-inline\"><span class=\"c-copy\" title=\"\(HTMLEscaping.escape(tooltip))\" "
            html += "data-tooltip=\"\(HTMLEscaping.escape(tooltip))\"><span class=\"mono\">\(HTMLEscaping.escape(value))</span>"
            html += "\(PreviewIcon.copy.html)</span></div>\n"
        case "componentDateTime":
            html += "<div class=\"c-inline\"><span class=\"c-datetime\">\(PreviewIcon.calendar.html)"
            html += "\(Self.time(string("dateTimeIso8601") ?? "", className: "c-datetime-value"))</span></div>\n"
        case "componentUser":
            let identifier = fields["userIdentifier"]?.objectValue?.members.first
            let name = identifier?.value.stringValue ?? ""
            let shown = identifier?.key == "userId" ? "User \(name)" : name
            html += "<div class=\"c-inline\"><span class=\"c-user\"><span class=\"avatar\" aria-hidden=\"true\">"
            html +=
                "\(HTMLEscaping.escape(identifier?.key == "userId" ? String(Self.initials(name).prefix(1)) : Self.initials(name)))</span><span>\(HTMLEscaping.escape(shown))</span></span></div>\n"
        case "componentRow":
            html += "<div class=\"c-row\"><div class=\"row-main\">\n"
            for item in fields["rowMainContent"]?.arrayValue ?? [] { component(item, into: &html) }
            html += "</div><div class=\"row-aside\">\n"
            for item in fields["rowAsideContent"]?.arrayValue ?? [] { component(item, into: &html) }
            html += "</div></div>\n"
        default:
            html += "<div class=\"c-unknown\">\(HTMLEscaping.escape(member.key)) (not drawn in the preview)</div>\n"
        }
    }

    /// One or two capital letters for an avatar: from an email's name part (`jo.smith@…` → `JS`).
    static func initials(_ name: String) -> String {
        let local = name.split(separator: "@").first.map(String.init) ?? name
        let words = local.split { !$0.isLetter && !$0.isNumber }
        let letters = words.prefix(2).compactMap(\.first)
        return letters.isEmpty ? "?" : String(letters).uppercased()
    }
}
