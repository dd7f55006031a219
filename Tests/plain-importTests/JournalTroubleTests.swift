import Foundation
import PlainFake
import PlainImport
import Testing

/// A full disk, a read-only journal and a corrupt one, through the real binary (SPEC §5):
/// a clear message, exit 2 or 3, and what was committed is kept for the next run.
@Suite(.serialized) struct JournalTroubleTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-journal-\(UUID().uuidString)")
    var journal: String { directory.appendingPathComponent("plain-import.db").path }

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// `count` native thread events.
    func events(_ count: Int) throws -> String {
        let url = directory.appendingPathComponent("events.ndjson")
        let lines = (1...count).map { #"{"threadId":"th_\#($0)","title":"event \#($0) with a longer title to fill the journal","components":[]}"# }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url.path
    }

    @Test func aFileSizeLimitMidRunExits3AndTheNextRunFinishesExactlyOnce() async throws {
        let input = try events(3_000)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            var limited = BinaryRunner(directory: directory, against: fake)
            // 512 blocks of 512 bytes: the journal's files cannot grow past 256 KiB, as on a full disk.
            limited.wrapper = ["/bin/sh", "-c", #"ulimit -f 512; exec "$0" "$@""#]
            let arguments = ["import", input, "--rate", "600000", "--concurrency", "16"]
            let stopped = try await limited.run(arguments)
            #expect(stopped.status == 3, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("journal"), "\(stopped.stderr)")
            #expect(stopped.stderr.contains("what was committed is kept"), "\(stopped.stderr)")
            #expect(stopped.stderr.contains("answers it could not record"), "the summary explains its counts: \(stopped.stderr)")
            let created = await fake.store.events.count
            #expect(created > 0 && created < 3_000, "the limit was hit mid-run")

            let resumed = try await BinaryRunner(directory: directory, against: fake).run(arguments + ["--json"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 3_000)
            #expect(counts.values.allSatisfy { $0 == 1 }, "nothing doubled across the failure")
        }
    }

    /// The lock belongs to the journal file, not to its name: a run through a symlink and a
    /// run through a hard link to a journal in use are both refused (exit 4), and the run that
    /// holds it finishes with every event sent once.
    @Test func oneRunPerJournalHoweverItIsNamed() async throws {
        let input = try events(120)
        let symlink = directory.appendingPathComponent("through-a-symlink.db").path
        let hardLink = directory.appendingPathComponent("through-a-hard-link.db").path
        try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: journal)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let runner = BinaryRunner(directory: directory, against: fake)
            // 120 events at 30 a second: the first run holds the journal for about 4 s.
            let (first, _, firstErr) = try runner.start(["import", input, "--journal", symlink, "--rate", "1800"])
            while await fake.store.events.isEmpty, first.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            #expect(link(journal, hardLink) == 0)
            for spelling in [hardLink, journal, "./plain-import.db"] {
                let second = try await runner.run(["import", input, "--journal", spelling, "--rate", "600000"])
                #expect(second.status == 4, "\(spelling): \(second.stderr)")
                #expect(second.stderr.contains("another plain-import run"), "\(second.stderr)")
            }
            #expect(first.isRunning, "the refusals were checked while the first run held the journal")
            await BinaryRunner.wait(first)
            #expect(first.terminationStatus == 0, "\((try? String(contentsOf: firstErr, encoding: .utf8)) ?? "")")
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 120)
            #expect(counts.values.allSatisfy { $0 == 1 }, "nothing sent twice")
        }
    }

    @Test func aReadOnlyJournalIsAClearErrorAndNothingIsSent() async throws {
        let input = try events(20)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let first = try await BinaryRunner(directory: directory, against: fake).run(["import", input, "--rate", "600000"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(chmod(journal, 0o444) == 0)
            var readOnly = BinaryRunner(directory: directory, against: fake)
            if geteuid() == 0 {
                // Root writes whatever the mode says: run as nobody, for whom the journal is read-only.
                readOnly.wrapper = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
            }
            let requests = await fake.store.requests
            try Data((#"{"threadId":"th_new","title":"one more","components":[]}"# + "\n").utf8).append(to: input)
            let refused = try await readOnly.run(["import", input, "--rate", "600000"])
            #expect(refused.status == 2, "\(refused.stderr)")
            #expect(refused.stderr.contains("journal plain-import.db"), "names the journal: \(refused.stderr)")
            #expect(
                refused.stderr.contains("permission") || refused.stderr.contains("read-only") || refused.stderr.contains("readonly"),
                "\(refused.stderr)"
            )
            #expect(await fake.store.requests == requests, "nothing sent without a journal to record it")
            #expect(chmod(journal, 0o600) == 0)
            let resumed = try await BinaryRunner(directory: directory, against: fake).run(["import", input, "--rate", "600000"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(await fake.store.events.count == 21)
        }
    }

    /// `status` and `failures` read a journal in a directory they cannot write (as on a read-only
    /// mount), where SQLite cannot create its shared-memory file beside it (old code: exit 2).
    @Test func statusAndFailuresReadAJournalTheyCannotWriteBeside() async throws {
        let input = try events(20)
        try Data(#"{"threadId":"","title":"no thread","components":[]}"#.utf8 + [0x0A]).append(to: input)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let first = try await BinaryRunner(directory: directory, against: fake).run(["import", input, "--rate", "600000"])
            #expect(first.status == 1, "\(first.stderr)")
        }
        // The journal with its write-ahead log, readable by everyone, in a directory no one may write.
        let shelf = directory.appendingPathComponent("read-only")
        try FileManager.default.createDirectory(at: shelf, withIntermediateDirectories: true)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: journal + suffix) {
            try FileManager.default.copyItem(atPath: journal + suffix, toPath: shelf.appendingPathComponent("plain-import.db" + suffix).path)
            #expect(chmod(shelf.appendingPathComponent("plain-import.db" + suffix).path, 0o444) == 0)
        }
        #expect(chmod(shelf.path, 0o555) == 0)
        defer { chmod(shelf.path, 0o755) }
        var reader = BinaryRunner(directory: directory)
        if geteuid() == 0 {
            // Root writes whatever the mode says: read as nobody, for whom the directory is read-only.
            reader.wrapper = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        }
        let shelved = shelf.appendingPathComponent("plain-import.db").path
        let status = try await reader.run(["status", "--journal", shelved, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("\"invalid\":1"), "\(status.stdout)")
        let failures = try await reader.run(["failures", "--journal", shelved, "--json"])
        #expect(failures.status == 0, "\(failures.stderr)")
        #expect(failures.stdout.contains("no thread"), "\(failures.stdout)")
        #expect(!FileManager.default.fileExists(atPath: shelved + "-shm"), "nothing written beside it")
    }

    @Test func aCorruptJournalIsAClearErrorAndNothingIsSent() async throws {
        let input = try events(50)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let first = try await BinaryRunner(directory: directory, against: fake).run(["import", input, "--rate", "600000"])
            #expect(first.status == 0, "\(first.stderr)")
            // Keep SQLite's header page, scribble over every page after it.
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: journal))
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 4096)
            try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 4096))
            try handle.close()
            let requests = await fake.store.requests
            let refused = try await BinaryRunner(directory: directory, against: fake).run(["import", input, "--rate", "600000"])
            #expect(refused.status == 2, "\(refused.stderr)")
            #expect(refused.stderr.contains("corrupt"), "\(refused.stderr)")
            #expect(refused.stderr.contains("journal plain-import.db"))
            #expect(await fake.store.requests == requests)
            let status = try await BinaryRunner(directory: directory, against: fake).run(["status"])
            #expect(status.status == 2, "\(status.stderr)")
        }
    }
}
