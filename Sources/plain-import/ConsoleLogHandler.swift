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

    /// A log line's text: time (UTC), level, message.
    static func line(_ level: Logger.Level, _ message: String) -> String {
        "\(Date().formatted(.iso8601)) \(level) plain-import: \(message)"
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if LogFormat.current == .json {
            var details = JSONObject()
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { details[key] = .string("\(value)") }
            FileOutput.standardError.write(LogFormat.jsonLine(level: "\(event.level)", message: "\(event.message)", details: details) + "\n")
            return
        }
        var text = Self.line(event.level, "\(event.message)")
        if !merged.isEmpty { text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
        LiveLine.shared.print(text)
    }
}
