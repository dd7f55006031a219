/// Escapes text from the data for HTML. Every value that comes from an input or a mapping goes
/// through here before it lands in the preview page, so no input can add markup, attributes or
/// scripts: `<script>` and `onerror=` show as the text they are.
public enum HTMLEscaping {
    /// `text` escaped for element content and for a double-quoted attribute value: `&`, `<`,
    /// `>`, `"` and `'` become character references; control characters other than tab, line
    /// feed and carriage return become U+FFFD, which HTML would not show anyway.
    public static func escape(_ text: some StringProtocol) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        append(text, to: &output)
        return output
    }

    /// Appends `text`, escaped as `escape(_:)` does, to `output`.
    public static func append(_ text: some StringProtocol, to output: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
