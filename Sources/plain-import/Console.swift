import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the executable talks to people: stderr for logs and progress, stdout for results.
enum Console {
    static func error(_ text: String) {
        LiveLine.shared.print(text)
    }

    static func output(_ text: String) {
        FileOutput.standardOutput.write(text + "\n")
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// A logger writing to stderr at the level the flags choose.
    static func logger(quiet: Bool, verbose: Bool) -> Logger {
        var logger = Logger(label: "plain-import") { _ in ConsoleLogHandler() }
        logger.logLevel = verbose ? .debug : quiet ? .error : .notice
        return logger
    }
}
