import ArgumentParser
import Foundation
import PlainImport
import Synchronization

/// How stderr is written: lines for people (`text`), or one JSON object per line (`json`) for a
/// log collector, with `timestamp` (RFC 3339, UTC), `level`, `message` and the entry's details
/// as keys of their own; no terminal codes then, and nothing else on stderr.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json

    private static let chosen = Mutex<LogFormat>(.text)

    /// The format of this process's stderr.
    static var current: LogFormat { chosen.withLock { $0 } }

    static func choose(_ format: LogFormat) { chosen.withLock { $0 = format } }

    /// One JSON log line: the time, the level, the message, then `details` as keys of their own.
    static func jsonLine(level: String, message: String, details: JSONObject = JSONObject()) -> String {
        var object = JSONObject([
            "timestamp": .string(Date().formatted(.iso8601)), "level": .string(level), "message": .string(message),
        ])
        for member in details where object[member.key] == nil { object[member.key] = member.value }
        return JSONWriter.string(.object(object))
    }
}

/// `--log-format text|json` (or `PLAIN_IMPORT_LOG_FORMAT`), on every command.
struct LogFormatOption: ParsableArguments {
    @Option(name: .customLong("log-format"), help: "How stderr is written: text, or json (one object per line; also PLAIN_IMPORT_LOG_FORMAT).")
    var logFormat: LogFormat?

    /// Sets the process's format: the option, else the environment, else text.
    func apply() {
        let fromEnvironment = ProcessInfo.processInfo.environment["PLAIN_IMPORT_LOG_FORMAT"].flatMap(LogFormat.init(rawValue:))
        LogFormat.choose(logFormat ?? fromEnvironment ?? .text)
    }
}
