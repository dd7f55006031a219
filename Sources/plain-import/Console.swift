import Logging
import PlainImport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the executable talks to people: stderr for logs and progress, stdout for results.
enum Console {
    static func error(_ text: String, details: JSONObject = JSONObject(), level: String = "notice") {
        guard LogFormat.current == .json else {
            LiveLine.shared.print(text)
            return
        }
        // One object per line: a message of several lines stays one entry; `details` become its
        // keys (a record's source, line, field and code; a summary's figures).
        let message = text.hasPrefix("plain-import: ") ? String(text.dropFirst("plain-import: ".count)) : text
        FileOutput.standardError.write(LogFormat.jsonLine(level: level, message: message, details: details) + "\n")
    }

    /// The keys of one record's diagnostic in JSON logs: where it is, which field and which code.
    static func recordDetails(source: String, line: Int, field: String?, code: String) -> JSONObject {
        var details = JSONObject(["source": .string(source), "line": .number(String(line)), "code": .string(code)])
        if let field { details["field"] = .string(field) }
        return details
    }

    static func output(_ text: String) {
        FileOutput.standardOutput.write(text + "\n")
    }

    /// Whether stderr is a terminal that shows a live line (never in the JSON log format).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 && LogFormat.current == .text }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// A logger writing to stderr at the level the flags choose.
    static func logger(quiet: Bool, verbose: Bool) -> Logger {
        var logger = Logger(label: "plain-import") { _ in ConsoleLogHandler() }
        logger.logLevel = verbose ? .debug : quiet ? .error : .notice
        return logger
    }
}
