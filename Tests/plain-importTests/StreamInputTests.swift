import Foundation
import PlainFake
import PlainImport
import Testing

/// Inputs that can be read once (issue 18.8), through the binary: a FIFO, a process
/// substitution, a record that never ends on a pipe (and a signal), and what an input
/// directory holds that cannot be read.
@Suite struct StreamInputTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-stream-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    static func events(_ count: Int) -> String {
        (1...count).map { #"{"threadId":"th_\#($0)","title":"event \#($0)","externalId":"ev-\#($0)","components":[]}"# + "\n" }.joined()
    }

    /// Runs the binary, killing it after a minute: a hang fails the test instead of the suite.
    func run(_ cli: BinaryRunner, _ arguments: [String]) async throws -> BinaryRunner.Result {
        let (process, out, err) = try cli.start(arguments)
        let started = ContinuousClock.now
        while process.isRunning {
            if ContinuousClock.now - started > .seconds(60) { kill(process.processIdentifier, SIGKILL) }
            try await Task.sleep(for: .milliseconds(20))
        }
        return BinaryRunner.Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        )
    }

    /// A FIFO is opened once and read once (old code opened it twice and hung).
    @Test func aFIFOIsReadOnce() async throws {
        let fifo = directory.appendingPathComponent("events.ndjson").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = Self.events(50)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
            try? handle.write(contentsOf: Data(text.utf8))
            try? handle.close()
        }
        writer.start()
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await run(BinaryRunner(directory: directory, against: fake), ["import", fifo, "--rate", "600000"])
            #expect(result.status == 0, "\(result.stderr)")
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 50)
            #expect(counts.values.allSatisfy { $0 == 1 })
        }
    }

    /// `<(…)` is a pipe under /dev/fd: read once with --format (old code refused its path).
    @Test func aProcessSubstitutionIsRead() async throws {
        let input = directory.appendingPathComponent("events.ndjson").path
        try Data(Self.events(20).utf8).write(to: URL(fileURLWithPath: input))
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            var cli = BinaryRunner(directory: directory, against: fake)
            cli.wrapper = ["/bin/bash", "-c", #"exec "$0" import <(cat "$1") --format ndjson --rate 600000"#]
            let result = try await run(cli, [input])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(await fake.store.externalIdCounts().count == 20)
        }
    }

    /// A record that never ends (an endless line on standard input): the first SIGTERM stops the
    /// run (exit 3) without waiting for the record's end, which never comes.
    @Test func theFirstSignalStopsTheReadingOfARecordThatNeverEnds() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            var cli = BinaryRunner(directory: directory, against: fake)
            cli.wrapper = ["/bin/bash", "-c", #"exec "$0" import - --format ndjson --rate 600000 < <(yes 0123456789abcdef | tr -d '\n')"#]
            let (process, _, errors) = try cli.start([])
            // Signalled once it has read 32 MiB: inside the endless record, well past the 16 MiB
            // kept of it (and its signal handling long set up, however slow the machine).
            let started = ContinuousClock.now
            while process.isRunning, Self.bytesRead(by: process.processIdentifier) < 32 << 20, ContinuousClock.now - started < .seconds(30) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(process.isRunning, "still reading the endless line")
            kill(process.processIdentifier, SIGTERM)
            let signalled = ContinuousClock.now
            while process.isRunning, ContinuousClock.now - signalled < .seconds(20) { try await Task.sleep(for: .milliseconds(20)) }
            let stopped = !process.isRunning
            if !stopped { kill(process.processIdentifier, SIGKILL) }
            await BinaryRunner.wait(process)
            #expect(stopped, "the first signal stopped the reading")
            #expect(process.terminationStatus == 3, "\((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
            #expect(await fake.store.requests == 0)
        }
    }

    /// A dangling symlink, a FIFO or a link loop named like an input inside an input directory is
    /// an error naming it (exit 2, nothing sent), never skipped in silence.
    @Test(arguments: ["dangling", "fifo", "loop"])
    func anUnreadableEntryOfAnInputDirectoryIsNamed(kind: String) async throws {
        let inputs = directory.appendingPathComponent("inputs-\(kind)")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Data(Self.events(5).utf8).write(to: inputs.appendingPathComponent("a.ndjson"))
        let odd = inputs.appendingPathComponent("b.ndjson").path
        switch kind {
        case "dangling": try FileManager.default.createSymbolicLink(atPath: odd, withDestinationPath: "/nonexistent/b.ndjson")
        case "fifo": #expect(mkfifo(odd, 0o600) == 0)
        default: try FileManager.default.createSymbolicLink(atPath: odd, withDestinationPath: odd)
        }
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await run(BinaryRunner(directory: directory, against: fake), ["import", inputs.path, "--rate", "600000"])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("b.ndjson"), "\(result.stderr)")
            #expect(await fake.store.requests == 0)
        }
    }

    /// Bytes the process has read so far (`rchar` of /proc/PID/io).
    static func bytesRead(by pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("rchar:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}
