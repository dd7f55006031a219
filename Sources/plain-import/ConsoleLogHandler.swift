import Foundation
import Logging

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
        var text = Self.line(event.level, "\(event.message)")
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if !merged.isEmpty { text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
        LiveLine.shared.print(text)
    }
}
