/// Small inline SVG icons for the preview page: drawn once in the page (`sprite`) and used by
/// reference, so a page of thousands of events stays small. Nothing is fetched.
enum PreviewIcon: String, CaseIterable {
    /// An event: a lightning bolt.
    case event
    /// An invalid record: an exclamation mark.
    case invalid
    /// A link button: an arrow out of a box.
    case external
    /// A workflow button: a play mark.
    case workflow
    /// A copy button: two sheets.
    case copy
    /// A date-time: a calendar.
    case calendar

    private var drawing: String {
        switch self {
        case .event: "<path d=\"M9 1.75 3.5 9h4l-.5 5.25L12.5 7h-4z\"/>"
        case .invalid: "<path d=\"M8 3.5v6\"/><path d=\"M8 12.25v.25\"/>"
        case .external:
            "<path d=\"M9.5 2.5h4v4\"/><path d=\"M13.5 2.5 7 9\"/><path d=\"M12 9.5v3a1 1 0 0 1-1 1H3.5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3\"/>"
        case .workflow: "<path d=\"M5 3.25v9.5L12.5 8z\"/>"
        case .copy:
            "<rect x=\"5.5\" y=\"5.5\" width=\"8\" height=\"8\" rx=\"1.5\"/>"
                + "<path d=\"M10.5 5.5V4a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 4v5A1.5 1.5 0 0 0 4 10.5h1.5\"/>"
        case .calendar:
            "<rect x=\"2.5\" y=\"3.5\" width=\"11\" height=\"10\" rx=\"1.5\"/><path d=\"M2.5 6.5h11\"/><path d=\"M5.5 2v3\"/><path d=\"M10.5 2v3\"/>"
        }
    }

    /// The icon where it is shown: a reference to its symbol in `sprite`.
    var html: String { "<svg class=\"i\" aria-hidden=\"true\"><use href=\"#i-\(rawValue)\"/></svg>" }

    /// Every icon's symbol, once per page, not displayed itself.
    static let sprite: String = {
        var html = "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\">"
        for icon in allCases { html += "<symbol id=\"i-\(icon.rawValue)\" viewBox=\"0 0 16 16\">\(icon.drawing)</symbol>" }
        return html + "</svg>\n"
    }()
}
