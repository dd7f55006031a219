/// Small inline SVG icons for the preview page: drawn in the page itself, never fetched.
enum PreviewIcon {
    private static func svg(_ body: String) -> String {
        "<svg viewBox=\"0 0 16 16\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" "
            + "stroke-linejoin=\"round\" aria-hidden=\"true\">\(body)</svg>"
    }

    /// An event: a lightning bolt.
    static let event = svg("<path d=\"M9 1.75 3.5 9h4l-.5 5.25L12.5 7h-4z\"/>")
    /// An invalid record: an exclamation mark.
    static let invalid = svg("<path d=\"M8 3.5v6\"/><path d=\"M8 12.25v.25\"/>")
    /// A link button: an arrow out of a box.
    static let external = svg(
        "<path d=\"M9.5 2.5h4v4\"/><path d=\"M13.5 2.5 7 9\"/><path d=\"M12 9.5v3a1 1 0 0 1-1 1H3.5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3\"/>"
    )
    /// A workflow button: a play mark.
    static let workflow = svg("<path d=\"M5 3.25v9.5L12.5 8z\"/>")
    /// A copy button: two sheets.
    static let copy = svg(
        "<rect x=\"5.5\" y=\"5.5\" width=\"8\" height=\"8\" rx=\"1.5\"/><path d=\"M10.5 5.5V4a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 4v5A1.5 1.5 0 0 0 4 10.5h1.5\"/>"
    )
    /// A date-time: a calendar.
    static let calendar = svg(
        "<rect x=\"2.5\" y=\"3.5\" width=\"11\" height=\"10\" rx=\"1.5\"/><path d=\"M2.5 6.5h11\"/><path d=\"M5.5 2v3\"/><path d=\"M10.5 2v3\"/>"
    )
}
