import Foundation
import Logging
import PlainImport

/// Log lines on stderr, `2026-12-01T13:54:59Z error plain-import: message`, written above the
/// live progress line when one shows.
struct ConsoleLogHandler: LogHandler {
    var logLevel: Logger.Level = .notice
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Metadata that names a record (`source`, `line`, `field`, `code`, `requestId`) or a remedy:
    /// keys of JSON logs, left out of text lines, whose message says them already.
    static let recordKeys: Set<String> = [
        "source", "line", "field", "code", "requestId", Remedy.metadataKey, ReadingHint.encodingMetadataKey, ReadingHint.formatMetadataKey,
    ]

    /// A log line's text: time (UTC), level, message.
    static func line(_ level: Logger.Level, _ message: String) -> String {
        "\(Date().formatted(.iso8601)) \(level) plain-import: \(message)"
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        // The engine names what the operator can change; the executable says it in its own words.
        var message = "\(event.message)"
        if case .string(let name)? = merged[Remedy.metadataKey], let remedy = Remedy(rawValue: name) {
            message = Advice.appending(message, remedy)
        }
        if let suggestion = Advice.suggestion(in: merged) { message += Advice.suffix(suggestion) }
        if LogFormat.current == .json {
            var details = JSONObject()
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                if key == "line", case .stringConvertible(let number) = value, let line = Int("\(number)") {
                    details[key] = .number(String(line))
                } else {
                    details[key] = .string("\(value)")
                }
            }
            FileOutput.standardError.write(LogFormat.jsonLine(level: "\(event.level)", message: message, details: details) + "\n")
            return
        }
        var text = Self.line(event.level, message)
        // A record's keys are for JSON logs: the text line already says them.
        let shown = merged.filter { !Self.recordKeys.contains($0.key) }
        if !shown.isEmpty { text += " " + shown.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
        LiveLine.shared.print(text)
    }
}
