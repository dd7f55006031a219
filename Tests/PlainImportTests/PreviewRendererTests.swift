import Foundation
import Testing

@testable import PlainImport

/// Each of the eleven components drawn as Plain draws it, and the page around them.
@Suite struct PreviewRendererTests {
    let renderer = PreviewRenderer(context: .init(inputs: ["in.ndjson"], mapping: nil, limit: 50))

    /// The HTML of one component given as its input JSON.
    func draw(_ json: String) throws -> String {
        var html = ""
        renderer.component(try JSONParser.parse(json), into: &html)
        return html
    }

    @Test func textHasItsSizeColourAndMarkdown() throws {
        let html = try draw(#"{"componentText":{"text":"Order **42** _paid_","textSize":"L","textColor":"SUCCESS"}}"#)
        #expect(html.contains("class=\"c-text size-L color-SUCCESS\""))
        #expect(html.contains("Order <strong>42</strong> <em>paid</em>"))
        let plain = try draw(#"{"componentText":{"text":"x"}}"#)
        #expect(plain.contains("size-M color-NORMAL"), "Plain's defaults: M, NORMAL")
        let deprecated = try draw(#"{"componentText":{"text":"x","size":"S","color":"MUTED"}}"#)
        #expect(deprecated.contains("size-S color-MUTED"))
    }

    @Test func plainTextIsNotMarkdown() throws {
        let html = try draw(#"{"componentPlainText":{"plainText":"**not bold**\nline","plainTextSize":"S","plainTextColor":"ERROR"}}"#)
        #expect(html.contains("class=\"c-plain size-S color-ERROR\""))
        #expect(html.contains("**not bold**\nline"))
        #expect(!html.contains("<strong>"))
    }

    @Test(arguments: ["XS", "S", "M", "L", "XL"])
    func spacerAndDividerSizes(_ size: String) throws {
        #expect(try draw(#"{"componentSpacer":{"spacerSize":"\#(size)"}}"#).contains("c-spacer sp-\(size)"))
        #expect(try draw(#"{"componentDivider":{"dividerSpacingSize":"\#(size)"}}"#).contains("<hr class=\"c-divider sp-\(size)\">"))
    }

    @Test func spacingDefaultsAreS() throws {
        #expect(try draw(#"{"componentDivider":{}}"#).contains("sp-S"))
        #expect(try draw(#"{"componentSpacer":{}}"#).contains("sp-S"))
    }

    @Test func linkButtonLinksOnlyToHTTP() throws {
        let html = try draw(#"{"componentLinkButton":{"linkButtonLabel":"Open","linkButtonUrl":"https://admin.example.com/o/1?a=1&b=2"}}"#)
        #expect(html.contains("<a class=\"c-button c-link\" href=\"https://admin.example.com/o/1?a=1&amp;b=2\""))
        #expect(html.contains("<span class=\"c-label\">Open</span><svg"))
        let hostile = try draw(#"{"componentLinkButton":{"linkButtonLabel":"Open","linkButtonUrl":"javascript:alert(1)"}}"#)
        #expect(!hostile.contains("<a "))
        #expect(!hostile.contains("href=\"javascript"))
        #expect(hostile.contains("c-button c-link inert"))
    }

    @Test func workflowButtonShowsItsLabelAndWorkflow() throws {
        let html = try draw(
            #"{"componentWorkflowButton":{"workflowButtonLabel":"Refund","workflowButtonWorkflowIdentifier":{"workflowKey":"refund"}}}"#
        )
        #expect(html.contains("class=\"c-button c-workflow\" title=\"runs workflow key refund\""))
        #expect(html.contains("</svg><span class=\"c-label\">Refund</span>"))
    }

    @Test(arguments: ["GREY", "GREEN", "YELLOW", "RED", "BLUE"])
    func badgeHasItsColour(_ color: String) throws {
        let html = try draw(#"{"componentBadge":{"badgeLabel":"Pro","badgeColor":"\#(color)"}}"#)
        #expect(html.contains("<span class=\"c-badge badge-\(color)\">Pro</span>"))
        #expect(PreviewStyle.css.contains(".badge-\(color) {"))
    }

    @Test func copyButtonHasItsTooltipOrItsValue() throws {
        let html = try draw(#"{"componentCopyButton":{"copyButtonValue":"ORD-1","copyButtonTooltipLabel":"Copy order id"}}"#)
        #expect(html.contains("title=\"Copy order id\" data-tooltip=\"Copy order id\""))
        #expect(html.contains(">ORD-1</span>"))
        let bare = try draw(#"{"componentCopyButton":{"copyButtonValue":"ORD-1"}}"#)
        #expect(bare.contains("data-tooltip=\"ORD-1\""), "Plain's tooltip defaults to the value")
    }

    @Test func dateTimeIsATimeInUTCUntilTheScriptMakesItLocal() throws {
        let html = try draw(#"{"componentDateTime":{"dateTimeIso8601":"2024-06-22T13:34:00Z"}}"#)
        #expect(html.contains("<time class=\"c-datetime-value\" datetime=\"2024-06-22T13:34:00Z\">2024-06-22 13:34 UTC</time>"))
    }

    @Test func userHasInitialsAndName() throws {
        let html = try draw(#"{"componentUser":{"userIdentifier":{"emailAddress":"jo.smith@shop.example.com"}}}"#)
        #expect(html.contains(">JS</span><span>jo.smith@shop.example.com</span>"))
        let byId = try draw(#"{"componentUser":{"userIdentifier":{"userId":"u_1"}}}"#)
        #expect(byId.contains("User u_1"))
    }

    @Test func rowHasMainAndAside() throws {
        let html = try draw(
            #"{"componentRow":{"rowMainContent":[{"componentText":{"text":"Amount"}}],"rowAsideContent":[{"componentBadge":{"badgeLabel":"9 EUR"}}]}}"#
        )
        let main = try #require(html.range(of: "<div class=\"row-main\">"))
        let aside = try #require(html.range(of: "<div class=\"row-aside\">"))
        #expect(main.upperBound < aside.lowerBound)
        #expect(html[main.upperBound..<aside.lowerBound].contains("Amount"))
        #expect(html[aside.upperBound...].contains("badge-GREY\">9 EUR"))
    }

    @Test func unknownComponentsAreNamedNotDrawn() throws {
        #expect(try draw(#"{"componentContainer":{}}"#).contains("componentContainer (not drawn"))
    }

    @Test func pageShowsEachEventWithItsPlaceAndExternalIdAndInvalidOnesAtTheirPlace() throws {
        let event = EventInput(
            kind: .customer,
            input: JSONObject([
                "customerIdentifier": .object(JSONObject(["emailAddress": "a@example.com"])),
                "title": "Order paid",
                "components": .array([]),
                "timestamp": "2024-06-22T13:34:00.000Z",
            ]),
            externalId: "order-1"
        )
        var result = PreviewReader.Result()
        result.entries = [
            PreviewEntry(source: "in.ndjson", line: 1, outcome: .event(event), record: .null),
            PreviewEntry(source: "in.ndjson", line: 2, outcome: .invalid(InputProblem(field: "title", message: "renders empty")), record: "{}"),
        ]
        let page = renderer.page(result)
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(page.contains("<span class=\"entry-title\">Order paid</span>"))
        #expect(page.contains("datetime=\"2024-06-22T13:34:00.000Z\">2024-06-22 13:34 UTC</time>"))
        #expect(page.contains(">in.ndjson:1</span>"))
        #expect(page.contains(">order-1</span>"))
        #expect(page.contains("<li class=\"entry invalid\" id=\"r2\">"))
        #expect(page.contains("title: renders empty"))
        #expect(page.contains("href=\"#r2\">in.ndjson:2</a>"), "the header links to each invalid record")
        let invalid = try #require(page.range(of: "entry invalid"))
        let valid = try #require(page.range(of: "Order paid</span>"))
        #expect(valid.upperBound < invalid.lowerBound, "records keep their order")
    }
}
