import Foundation
import PlainFake

/// Runs the built `plain-import` executable, as a user or cron would.
struct BinaryRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable next to the test bundle (both are products of the same build).
    static var executable: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("plain-import")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("plain-import")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/plain-import")
    }

    let directory: URL
    var environment: [String: String] = [:]
    /// A file to read as standard input (none: /dev/null).
    var standardInput: URL?
    /// A command that runs the executable (`/bin/sh -c 'ulimit -f 64; exec "$0" "$@"'`, `setpriv ...`).
    var wrapper: [String] = []

    /// A runner whose key and endpoint are the stand-in's (or `key` instead of its key).
    init(directory: URL, against fake: PlainFake, key: String? = nil) {
        self.directory = directory
        environment = ["PLAIN_API_KEY": key ?? fake.options.apiKey, "PLAIN_API_URL": fake.endpoint]
    }

    init(directory: URL, environment: [String: String] = [:]) {
        self.directory = directory
        self.environment = environment
    }

    /// Starts the executable; output goes to files so that a large output never blocks it.
    func start(_ arguments: [String]) throws -> (Process, URL, URL) {
        let process = Process()
        if let launcher = wrapper.first {
            process.executableURL = URL(fileURLWithPath: launcher)
            process.arguments = Array(wrapper.dropFirst()) + [Self.executable.path] + arguments
        } else {
            process.executableURL = Self.executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["PLAIN_API_KEY"] = nil
        env["PLAIN_API_URL"] = nil
        // The machine's proxy and CA settings must not change what a test means (SPEC §12.17).
        for name in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "SSL_CERT_FILE"] { env[name] = nil }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let id = UUID().uuidString
        let out = directory.appendingPathComponent("stdout-\(id)")
        let err = directory.appendingPathComponent("stderr-\(id)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = try standardInput.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Waits without blocking a thread of the cooperative pool.
    static func wait(_ process: Process) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Waits until the stand-in has received `count` requests (at most 60 s): a signal test
    /// acts on what the run has done, not on a guess at how long it takes to start.
    static func waitForRequests(_ count: Int = 1, at fake: PlainFake) async {
        let deadline = ContinuousClock.now + .seconds(60)
        while await fake.store.requests < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Status of a run the hang guard had to kill.
    static let hung: Int32 = -1
    /// How long a run may take before the hang guard kills it: not a timing (no assertion is
    /// made on how long a run takes), only what keeps a run that never ends from holding the
    /// suite until CI's limit. A killed run's status is `hung`, so every status check fails.
    static let hangGuard: Duration = .seconds(300)

    func run(_ arguments: [String]) async throws -> Result {
        let (process, out, err) = try start(arguments)
        let guardEnds = ContinuousClock.now + Self.hangGuard
        while process.isRunning, ContinuousClock.now < guardEnds { try? await Task.sleep(for: .milliseconds(20)) }
        let hung = process.isRunning
        if hung {
            kill(process.processIdentifier, SIGKILL)
            await Self.wait(process)
        }
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        return Result(
            status: hung ? Self.hung : process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: stderr + (hung ? "\n[the run did not end: killed by the test's hang guard after \(Self.hangGuard)]" : "")
        )
    }
}
