import Foundation
import PlainFake

/// A PlainFake in a child process (this executable run as `serve`), so that the CPU the
/// benchmark counts for an import or for the bare loop (`getrusage` of this process) is the
/// client's alone, and the stand-in's own is counted apart.
final class FakeProcess {
    let endpoint: String
    let apiKey: String
    private let process: Process
    private let input: Pipe

    /// Starts the child and waits for the endpoint it prints. With PLAIN_IMPORT_BENCHMARK_ENDPOINT
    /// set, a stand-in started apart is used instead (to count one side's system calls alone).
    init() throws {
        process = Process()
        input = Pipe()
        apiKey = PlainFakeOptions.unthrottled.apiKey
        if let external = ProcessInfo.processInfo.environment["PLAIN_IMPORT_BENCHMARK_ENDPOINT"] {
            endpoint = external
            return
        }
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["serve"]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        endpoint = String(decoding: line, as: UTF8.self)
        guard endpoint.hasPrefix("http") else { throw CocoaError(.fileReadUnknown) }
    }

    /// The child's CPU seconds so far (user + system), from /proc.
    var cpuSeconds: Double {
        guard process.isRunning, let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Fields 14 and 15 of stat(5) (utime, stime), counted after the command's closing parenthesis.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Stops the child: it ends when its standard input closes.
    func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// The child's side: serves an unthrottled PlainFake, prints its endpoint, and stops when
    /// standard input closes.
    /// `latency` (milliseconds, from the command line) slows every answer: a slow Plain.
    static func serve(latencyMilliseconds: Int = 0) async throws {
        var options = PlainFakeOptions.unthrottled
        options.latency = .milliseconds(latencyMilliseconds)
        try await PlainFake.withRunning(options: options) { fake in
            FileHandle.standardOutput.write(Data((fake.endpoint + "\n").utf8))
            await Task.detached { while FileHandle.standardInput.availableData.count > 0 {} }.value
        }
    }
}
