/// Escapes text from the data for HTML. Every value that comes from an input or a mapping goes
/// through here before it lands in the preview page, so no input can add markup, attributes or
/// scripts: `<script>` and `onerror=` show as the text they are.
public enum HTMLEscaping {
    /// `text` escaped for element content and for a double-quoted attribute value: `&`, `<`,
    /// `>`, `"` and `'` become character references; control characters other than tab, line
    /// feed and carriage return become U+FFFD, which HTML would not show anyway; the invisible
    /// characters that reorder text (bidirectional overrides, embeddings, isolates and marks)
    /// show as their code, `[U+202E]`, so that data cannot make `gnp.exe` read as `exe.png`.
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
                } else if isReordering(scalar) {
                    output += "[U+" + String(scalar.value, radix: 16, uppercase: true) + "]"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }

    /// Whether `scalar` is a bidirectional formatting character: LRM, RLM, ALM, the embeddings
    /// and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069).
    static func isReordering(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
