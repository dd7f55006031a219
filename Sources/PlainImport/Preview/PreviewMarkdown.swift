/// The safe subset of markdown that Plain's text component renders (SPEC §12.10): bold
/// (`**x**`, `__x__`), italic (`*x*`, `_x_`), inline code (`` `x` ``), line breaks, and links
/// (`[label](url)`) only to `http` / `https` URLs. Everything else, raw HTML included, shows as
/// the text it is: the output holds no markup but `<strong>`, `<em>`, `<code>`, `<br>` and
/// `<a href>` with an escaped http(s) URL.
public enum PreviewMarkdown {
    /// The HTML of `text`: escaped, with the subset above turned into markup.
    public static func html(_ text: String) -> String {
        var output = ""
        render(Array(text), into: &output, depth: 0)
        return output
    }

    /// Nesting deeper than this is shown as text, so hostile input cannot make rendering slow.
    private static let maximumDepth = 8

    private static func render(_ characters: [Character], into output: inout String, depth: Int) {
        var index = 0
        var literal = ""
        func flush() {
            HTMLEscaping.append(literal, to: &output)
            literal = ""
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\" where index + 1 < characters.count && isEscapable(characters[index + 1]):
                literal.append(characters[index + 1])
                index += 2
                continue
            case "\n", "\r\n":
                flush()
                output += "<br>"
                index += 1
                continue
            case "`":
                if let close = find("`", in: characters, from: index + 1), close > index + 1 {
                    flush()
                    output += "<code>"
                    HTMLEscaping.append(String(characters[(index + 1)..<close]), to: &output)
                    output += "</code>"
                    index = close + 1
                    continue
                }
            case "[" where depth < maximumDepth:
                if let link = link(in: characters, at: index) {
                    flush()
                    output += "<a href=\""
                    HTMLEscaping.append(link.url, to: &output)
                    output += "\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">"
                    render(link.label, into: &output, depth: depth + 1)
                    output += "</a>"
                    index = link.end
                    continue
                }
            case "*" where depth < maximumDepth, "_" where depth < maximumDepth:
                if let emphasis = emphasis(in: characters, at: index) {
                    flush()
                    let tag = emphasis.strong ? "strong" : "em"
                    output += "<\(tag)>"
                    render(emphasis.inner, into: &output, depth: depth + 1)
                    output += "</\(tag)>"
                    index = emphasis.end
                    continue
                }
            default:
                break
            }
            literal.append(character)
            index += 1
        }
        flush()
    }

    private static func isEscapable(_ character: Character) -> Bool {
        "\\`*_[]()#+-.!<>".contains(character)
    }

    private static func find(_ target: Character, in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index < characters.count {
            if characters[index] == target { return index }
            index += 1
        }
        return nil
    }

    /// `[label](url)` at `start`, when its URL is http or https; any other link stays text.
    private static func link(in characters: [Character], at start: Int) -> (label: [Character], url: String, end: Int)? {
        var index = start + 1
        var nesting = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\n" { return nil }
            if character == "[" { nesting += 1 }
            if character == "]" {
                if nesting == 0 { break }
                nesting -= 1
            }
            index += 1
        }
        guard index < characters.count, index > start + 1, index + 1 < characters.count, characters[index + 1] == "(" else {
            return nil
        }
        let label = Array(characters[(start + 1)..<index])
        guard let close = find(")", in: characters, from: index + 2) else { return nil }
        let url = String(characters[(index + 2)..<close]).trimmingSpaces()
        guard EventInputRules.isValidURL(url) else { return nil }
        return (label, url, close + 1)
    }

    /// `**x**`, `__x__`, `*x*` or `_x_` at `start`. Underscores inside a word (`snake_case`)
    /// are no emphasis; the inner text must not start or end with a space.
    private static func emphasis(in characters: [Character], at start: Int) -> (strong: Bool, inner: [Character], end: Int)? {
        let marker = characters[start]
        let strong = start + 1 < characters.count && characters[start + 1] == marker
        let width = strong ? 2 : 1
        let open = start + width
        guard open < characters.count, !characters[open].isWhitespace else { return nil }
        if marker == "_", start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber { return nil }
        var index = open
        while index + width <= characters.count {
            if characters[index] == "\n" { return nil }
            if characters[index] == "`", let close = find("`", in: characters, from: index + 1) {
                index = close + 1
                continue
            }
            let matches = (0..<width).allSatisfy { characters[index + $0] == marker }
            if matches, index > open, !characters[index - 1].isWhitespace {
                let after = index + width
                let followedByMarker = after < characters.count && characters[after] == marker
                let wordAfter = after < characters.count && (characters[after].isLetter || characters[after].isNumber)
                if !followedByMarker, !(marker == "_" && wordAfter) {
                    return (strong, Array(characters[open..<index]), after)
                }
            }
            index += 1
        }
        return nil
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        let characters = Array(self)
        var start = 0
        var end = characters.count
        while start < end, characters[start] == " " || characters[start] == "\t" { start += 1 }
        while end > start, characters[end - 1] == " " || characters[end - 1] == "\t" { end -= 1 }
        return String(characters[start..<end])
    }
}
