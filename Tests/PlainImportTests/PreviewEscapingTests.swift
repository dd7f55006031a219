import Foundation
import Testing

@testable import PlainImport

/// Hostile cells and markdown: everything from the data shows as text; nothing from it can
/// become markup, an attribute, a script or a non-http link (SPEC §12.10).
@Suite struct PreviewEscapingTests {
    @Test func escapingCoversMarkupAndAttributes() {
        #expect(HTMLEscaping.escape("<a href=\"x\" onclick='y'>&</a>") == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTMLEscaping.escape("a\u{0}b\u{1B}c\nd") == "a\u{FFFD}b\u{FFFD}c\nd")
    }

    /// Characters that reorder text show as their code: `gnp\u{202E}exe.` cannot read as `exe.png`.
    @Test func reorderingCharactersShowAsTheirCode() {
        let escaped = HTMLEscaping.escape("invoice-gnp\u{202E}exe.pdf \u{2066}a\u{2069} \u{200F}")
        #expect(escaped == "invoice-gnp[U+202E]exe.pdf [U+2066]a[U+2069] [U+200F]")
        #expect(!escaped.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
        #expect(HTMLEscaping.escape("שלום مرحبا") == "שלום مرحبا", "right-to-left text itself is left as it is")
    }

    @Test func markdownSubset() {
        #expect(PreviewMarkdown.html("**b** *i* __b__ _i_ `c`") == "<strong>b</strong> <em>i</em> <strong>b</strong> <em>i</em> <code>c</code>")
        #expect(PreviewMarkdown.html("one\ntwo") == "one<br>two")
        #expect(PreviewMarkdown.html("**bold _and italic_**") == "<strong>bold <em>and italic</em></strong>")
        #expect(PreviewMarkdown.html("snake_case_name and 2 * 3 * 4") == "snake_case_name and 2 * 3 * 4")
        #expect(PreviewMarkdown.html("`**not bold**`") == "<code>**not bold**</code>")
        #expect(PreviewMarkdown.html(#"\*not italic\*"#) == "*not italic*")
        #expect(
            PreviewMarkdown.html("see [the **docs**](https://plain.com/docs?a=1&b='2')")
                == "see <a href=\"https://plain.com/docs?a=1&amp;b=&#39;2&#39;\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">"
                + "the <strong>docs</strong></a>"
        )
    }

    @Test(arguments: [
        "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](data:text/html,<script>alert(1)</script>)",
        "[x]( javascript:alert(1))", "[x](vbscript:msgbox)", "[x](//evil.example.com)", "[x](https://a.example.com\" onmouseover=\"alert(1))",
    ])
    func nonHTTPLinksAreText(_ markdown: String) {
        let html = PreviewMarkdown.html(markdown)
        #expect(!html.contains("<a"), "\(html)")
        #expect(!html.contains("<script"))
        #expect(!html.contains("\""), "no quote survives unescaped: \(html)")
    }

    @Test(arguments: [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "'><iframe src=javascript:alert(1)>",
        "</p></li><script>alert(1)</script>", "**<b>bold</b>**", "[<img src=x onerror=alert(1)>](https://ok.example.com)",
        "<style>body{display:none}</style>", "&lt;already&gt;",
    ])
    func rawHTMLShowsLiterally(_ text: String) {
        let html = PreviewMarkdown.html(text)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<style"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;") || html.contains("&amp;lt;"))
    }

    /// A CSV whose cells attack every place the page puts data: title, markdown and plain text,
    /// labels, URLs, tooltip, badge, user, externalId, and a row that does not map.
    @Test func hostileCellsInAWholePageStayText() throws {
        let directory = temporaryDirectory()
        let mapping = write(
            """
            customer: { email: "{{email}}" }
            title: "{{title}}"
            externalId: "{{id}}"
            timestamp: "{{at}}"
            components:
              - text: "{{cell}}"
              - plainText: "{{cell}}"
              - linkButton: { label: "{{cell}}", url: "https://example.com/o/{{n}}" }
              - badge: { label: "{{cell}}", color: RED }
              - copyButton: { value: "{{cell}}", tooltip: "{{cell}}" }
              - user: { email: "{{cell}}" }
              - workflowButton: { label: "{{cell}}", workflowKey: "{{cell}}" }
              - row: { main: [ { text: "{{cell}}" } ], aside: [ { plainText: "{{cell}}" } ] }
            """,
            to: "mapping.yaml",
            in: directory
        )
        let hostile = [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "[click](javascript:alert(1))",
            "' onmouseover='alert(1)", "</time><script>alert(2)</script>",
        ]
        var csv = "email,title,id,at,cell,n\n"
        for (position, cell) in hostile.enumerated() {
            let quoted = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            csv += "a\(position)@example.com,\(quoted),\(quoted),2024-06-22T13:34:00Z,\(quoted),\(position)\n"
        }
        csv += "b@example.com,\"<script>alert(3)</script>\",x\n"  // short row: invalid, its record shown
        let input = write(csv, to: "hostile.csv", in: directory)
        let files = try InputFile.expand([input], format: nil)
        let result = try PreviewReader(mapping: try MappingParser.load(path: mapping), limit: 50).read(files)
        #expect(result.entries.count == hostile.count + 1)
        #expect(result.invalidCount == 1)
        let page = PreviewRenderer(context: .init(inputs: [input], mapping: mapping, limit: 50)).page(result)

        #expect(page.components(separatedBy: "<script").count - 1 == 1, "only the page's own script")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        for forbidden in ["<img", "<svg onload", "onmouseover='", "href=\"javascript", "<iframe", "alert(2)</script>"] {
            #expect(!page.contains(forbidden), "\(forbidden) must not survive")
        }
        #expect(page.contains("&lt;/time&gt;&lt;script&gt;alert(2)"))
        // Nothing is fetched: no external resource of any kind, and a policy that forbids it.
        for fetch in ["<link", "src=\"http", "src=\"//", "@import", "url(", "@font-face"] {
            #expect(!page.contains(fetch), "\(fetch) would fetch")
        }
        #expect(page.contains("default-src 'none'"))
    }

    @Test func thePolicyAllowsExactlyThePageScript() {
        #expect(PreviewRenderer.contentSecurityPolicy.contains("script-src 'sha256-"))
        #expect(!PreviewRenderer.contentSecurityPolicy.contains("unsafe-inline'; script"))
        #expect(!PreviewStyle.script.contains("innerHTML"), "the script writes text, never markup")
    }
}
