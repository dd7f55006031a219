import Crypto
import Foundation

/// Draws the preview page (SPEC §8 `preview`): one self-contained HTML document with inline
/// CSS, no external fonts, images, stylesheets or scripts, and a Content-Security-Policy that
/// lets nothing be fetched and no script run but its own constant one. Each event is drawn
/// from the input object `import` would send (`EventInput.inputWithExternalId`), as Plain's
/// timeline shows it; each invalid record appears at its place with its error. Every value
/// from the data is escaped (`HTMLEscaping`, `PreviewMarkdown`).
public struct PreviewRenderer: Sendable {
    /// What the page says about where its records come from.
    public struct Context: Sendable {
        /// The inputs as given on the command line.
        public var inputs: [String]
        /// The mapping file, when there is one.
        public var mapping: String?
        /// The `--limit` in force.
        public var limit: Int

        /// The context of a page over `inputs`, mapped with `mapping`, showing at most `limit` records.
        public init(inputs: [String], mapping: String?, limit: Int) {
            self.inputs = inputs
            self.mapping = mapping
            self.limit = limit
        }
    }

    /// Where the page's records come from.
    public let context: Context

    /// A renderer for pages in `context`.
    public init(context: Context) { self.context = context }

    /// The whole page for `result`.
    public func page(_ result: PreviewReader.Result) -> String {
        var html = ""
        html.reserveCapacity(8_192 + result.entries.count * 2_048)
        let events = result.entries.count - result.invalidCount
        html += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(Self.contentSecurityPolicy)\">\n"
        html += "<meta name=\"referrer\" content=\"no-referrer\">\n"
        html += "<title>plain-import preview: \(events) \(events == 1 ? "event" : "events")"
        html += result.invalidCount > 0 ? ", \(result.invalidCount) invalid</title>\n" : "</title>\n"
        html += "<style>\n\(PreviewStyle.css)\n</style>\n</head>\n<body>\n\(PreviewIcon.sprite)<div class=\"page\">\n"
        header(result, events: events, into: &html)
        html += "<ol class=\"timeline\">\n"
        for (position, entry) in result.entries.enumerated() {
            self.entry(entry, number: position + 1, into: &html)
        }
        html += "</ol>\n"
        if result.hasMore {
            html += "<p class=\"more\">More records follow; this page shows the first \(context.limit).</p>\n"
        }
        html += "<p class=\"foot\">Written by plain-import preview. Nothing has been sent to Plain. "
        html += "<span class=\"tz-utc\">Times are in UTC.</span><span class=\"tz-local\">Times are in your local time zone.</span></p>\n"
        html += "</div>\n<script>\(PreviewStyle.script)</script>\n</body>\n</html>\n"
        return html
    }

    /// Nothing may be fetched; inline styles may apply; only the page's own script may run.
    static let contentSecurityPolicy: String = {
        let digest = SHA256.hash(data: Array(PreviewStyle.script.utf8))
        let hash = Data(digest).base64EncodedString()
        return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-\(hash)'; "
            + "base-uri 'none'; form-action 'none'"
    }()

    private func header(_ result: PreviewReader.Result, events: Int, into html: inout String) {
        html += "<header class=\"head\">\n<div class=\"brand\"><span class=\"brand-mark\"></span>plain-import preview</div>\n"
        html += "<h1>What Plain would receive</h1>\n<p class=\"summary\">"
        html += result.hasMore ? "The first \(result.entries.count) records of " : "All \(result.entries.count) records of "
        html += context.inputs.map { "<span class=\"mono\">\(HTMLEscaping.escape($0))</span>" }.joined(separator: ", ")
        if let mapping = context.mapping {
            html += ", mapped with <span class=\"mono\">\(HTMLEscaping.escape(mapping))</span>"
        }
        html += ". Nothing has been sent.</p>\n<ul class=\"stats\">"
        html += "<li class=\"stat\"><b>\(events)</b>\(events == 1 ? "event" : "events")</li>"
        let invalid = result.invalidCount
        html += "<li class=\"stat\(invalid > 0 ? " bad" : "")\"><b>\(invalid)</b>invalid</li>"
        if result.filtered > 0 {
            html += "<li class=\"stat\"><b>\(result.filtered)</b>filtered out by where: before them</li>"
        }
        let kinds = Set(result.entries.compactMap { $0.event?.kind })
        for kind in [EventKind.customer, .thread] where kinds.contains(kind) {
            let count = result.entries.count { $0.event?.kind == kind }
            html += "<li class=\"stat\"><b>\(count)</b>\(kind.rawValue) \(count == 1 ? "event" : "events")</li>"
        }
        html += "</ul>\n"
        if invalid > 0 {
            html += "<p class=\"jump\">Invalid: "
            var shown = 0
            for (position, entry) in result.entries.enumerated() where entry.problem != nil {
                if shown == 20 {
                    html += "…"
                    break
                }
                html += "<a href=\"#r\(position + 1)\">\(HTMLEscaping.escape(entry.place))</a>"
                shown += 1
            }
            html += "</p>\n"
        }
        html += "</header>\n"
    }

    /// One record: an event as Plain's timeline draws it, or an invalid record with its error.
    func entry(_ entry: PreviewEntry, number: Int, into html: inout String) {
        switch entry.outcome {
        case .event(let event):
            let input = event.inputWithExternalId
            html += "<li class=\"entry\" id=\"r\(number)\">\n<div class=\"entry-icon\">\(PreviewIcon.event.html)</div>\n<div>\n"
            html += "<div class=\"entry-head\"><span class=\"entry-title\">"
            HTMLEscaping.append(input["title"]?.stringValue ?? "", to: &html)
            html += "</span>"
            if let timestamp = input["timestamp"]?.stringValue {
                html += Self.time(timestamp, className: "entry-time")
            } else {
                html += "<span class=\"entry-time unset\">when sent</span>"
            }
            html += "</div>\n"
            let components = input["components"]?.arrayValue ?? []
            if components.isEmpty {
                html += "<div class=\"card empty\">No components</div>\n"
            } else {
                html += "<div class=\"card\">\n"
                for component in components {
                    self.component(component, into: &html)
                }
                html += "</div>\n"
            }
            html += "<div class=\"meta\">"
            html += "<span class=\"mono\">\(HTMLEscaping.escape(entry.place))</span>"
            html += "<span><span class=\"label\">externalId</span><span class=\"mono\">\(HTMLEscaping.escape(event.externalId))</span></span>"
            html += "<span>\(Self.target(of: event))</span>"
            html += "</div>\n</div>\n</li>\n"
        case .filtered:
            // `PreviewReader` never makes an entry of a filtered record: nothing to draw.
            break
        case .invalid(let problem):
            html += "<li class=\"entry invalid\" id=\"r\(number)\">\n<div class=\"entry-icon\">\(PreviewIcon.invalid.html)</div>\n<div>\n"
            html += "<div class=\"entry-head\"><span class=\"entry-title\">Invalid record: will not be sent</span></div>\n"
            html += "<div class=\"card\"><span class=\"error-code\">invalid_record</span><span class=\"error-message\">"
            HTMLEscaping.append(problem.description, to: &html)
            html += "</span>\n<details><summary>The record as read</summary><pre>"
            HTMLEscaping.append(JSONWriter.string(entry.record), to: &html)
            html += "</pre></details></div>\n"
            html += "<div class=\"meta\"><span class=\"mono\">\(HTMLEscaping.escape(entry.place))</span></div>\n</div>\n</li>\n"
        }
    }

    /// Who the event is for: the customer identifier or the thread.
    static func target(of event: EventInput) -> String {
        if let identifier = event.input["customerIdentifier"]?.objectValue, let member = identifier.members.first {
            let name =
                switch member.key {
                case "emailAddress": "customer"
                case "externalId": "customer externalId"
                default: "customer id"
                }
            return "<span class=\"label\">\(name)</span><span class=\"mono\">\(HTMLEscaping.escape(member.value.stringValue ?? ""))</span>"
        }
        if let thread = event.input["threadId"]?.stringValue {
            return "<span class=\"label\">thread</span><span class=\"mono\">\(HTMLEscaping.escape(thread))</span>"
        }
        if case .thread(let customer, let externalId)? = event.prerequisite {
            // A thread named by the workspace's own id: looked up (with its customer) when imported.
            return "<span class=\"label\">thread externalId</span><span class=\"mono\">\(HTMLEscaping.escape(externalId))</span>"
                + " <span class=\"label\">of customer</span><span class=\"mono\">\(HTMLEscaping.escape(customer.value))</span>"
        }
        return ""
    }

    /// A `<time>` whose text is the UTC time, which the page's script turns into local time.
    static func time(_ value: String, className: String) -> String {
        "<time class=\"\(className)\" datetime=\"\(HTMLEscaping.escape(value))\">\(HTMLEscaping.escape(utcText(value)))</time>"
    }

    /// `2024-06-22T13:34:00.000Z` as `2024-06-22 13:34 UTC`; anything else as written.
    static func utcText(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count >= 17, characters[10] == "T", value.hasSuffix("Z") else { return value }
        return String(characters[0..<10]) + " " + String(characters[11..<16]) + " UTC"
    }
}
