import Foundation
import Logging

/// A logger whose lines a test can read back.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var captured: [(level: Logger.Level, message: String)] = []

    /// The lines logged so far.
    var lines: [(level: Logger.Level, message: String)] { lock.withLock { captured } }

    /// A logger at `level` that writes here.
    func logger(level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: "test") { _ in Handler(sink: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ level: Logger.Level, _ message: String) {
        lock.withLock { captured.append((level, message)) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            sink.append(event.level, "\(event.message)")
        }
    }
}
