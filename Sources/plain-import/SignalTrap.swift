import Dispatch
import PlainImport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT / SIGTERM (SPEC §5): the first asks the run to stop and drain; the second exits at
/// once with 3 (the journal stays consistent: a transaction is committed whole or not at all).
/// SIGXFSZ is ignored, so that a file-size limit (`ulimit -f`) makes a journal write fail with
/// a message and exit 3 instead of killing the process.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(monitor: RunMonitor) {
        let queue = DispatchQueue(label: "plain-import.signals")
        var sources: [any DispatchSourceSignal] = []
        signal(SIGXFSZ, SIG_IGN)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                if monitor.stopReason == .signal {
                    // The live line goes first: nothing is drawn after this, and the shell's prompt
                    // must start on a clean line.
                    LiveLine.shared.clear()
                    Console.error("plain-import: second signal, exiting now (exit 3); the journal is consistent")
                    // _exit: no atexit work races the threads still running; SQLite's WAL keeps the journal whole.
                    _exit(ExitStatus.stoppedEarly.rawValue)
                }
                Console.error("plain-import: stopping: finishing requests in flight (signal again to exit at once)")
                monitor.requestStop(.signal)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
