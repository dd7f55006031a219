import Synchronization

/// The one live progress line at the bottom of a terminal (SPEC §11). Every write to stderr
/// goes through it while it shows, so that a log line clears the live line, prints, and the
/// live line is drawn again below it: nothing is ever glued onto it.
final class LiveLine: Sendable {
    static let shared = LiveLine()

    private let current = Mutex<String?>(nil)

    /// Draws `text` as the live line, in place.
    func show(_ text: String) {
        current.withLock { line in
            line = text
            FileOutput.standardError.write("\r\u{1B}[2K" + text)
        }
    }

    /// Removes the live line.
    func clear() {
        current.withLock { line in
            if line != nil { FileOutput.standardError.write("\r\u{1B}[2K") }
            line = nil
        }
    }

    /// Writes `text` (a whole line) above the live line.
    func print(_ text: String) {
        current.withLock { line in
            if let line {
                FileOutput.standardError.write("\r\u{1B}[2K" + text + "\n" + line)
            } else {
                FileOutput.standardError.write(text + "\n")
            }
        }
    }
}
