import Foundation
import PlainFake
import PlainImport
import Testing

/// SIGKILL at random moments, resume after each, and check that Plain holds every event exactly once.
@Suite(.serialized) struct CrashSafetyTests {
    @Test func killNineAtRandomMomentsLosesNothingAndDoublesNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples")
        var options = PlainFakeOptions.unthrottled
        options.latency = .milliseconds(100)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let arguments = [
                "import", samples.appendingPathComponent("orders.csv").path,
                "--mapping", samples.appendingPathComponent("orders-mapping.yaml").path,
                "--rate", "60000", "--concurrency", "4", "--quiet",
            ]
            var kills = 0
            var inFlightAtKills = Set<String>()
            let journal = directory.appendingPathComponent("plain-import.db").path
            for _ in 0..<6 {
                // Killed once this run has sent a random number of requests, at a random moment
                // after: never during start-up, however slow the machine.
                let before = await fake.store.requests
                let (process, _, _) = try cli.start(arguments)
                let target = before + Int.random(in: 1...40)
                while process.isRunning, await fake.store.requests < target { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...300)))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
                await BinaryRunner.wait(process)
                // What the journal says was handed to Plain without an answer when the process died.
                if FileManager.default.fileExists(atPath: journal) {
                    inFlightAtKills.formUnion(try Journal(path: journal, readOnly: true).externalIds(status: .inFlight))
                }
            }
            #expect(kills >= 5, "the kills must land mid-run")
            #expect(!inFlightAtKills.isEmpty, "some records were in flight at a kill")
            let final = try await cli.run(arguments)
            #expect(final.status == 0, "\(final.stderr)")
            let events = await fake.store.events
            #expect(events.count == 300, "every record of the sample exactly once")
            #expect(Set(events.compactMap(\.externalId)).count == 300)
            // Records in flight at a kill were sent again under the same externalId, and landed once.
            let counts = await fake.store.externalIdCounts()
            #expect(inFlightAtKills.allSatisfy { counts[$0] == 1 })
            let settled = try Journal(path: journal, readOnly: true)
            let inPlain = Set(try settled.externalIds(status: .done) + settled.externalIds(status: .duplicate))
            #expect(inFlightAtKills.isSubset(of: inPlain))
            print(
                "kill test: \(kills) SIGKILLs landed mid-run; \(inFlightAtKills.count) records were journaled in flight at a kill; "
                    + "PlainFake holds \(events.count) events, \(counts.count) distinct externalIds, after \(await fake.store.requests) requests"
            )
            let status = try await cli.run(["status", "--json"])
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            #expect(total?["pending"] == .number("0"))
            #expect(total?["failed"] == .number("0"))
        }
    }

    /// Answers that came before a long wait (here a stalled answer) are committed during the
    /// wait, not when the next answer comes after it: a kill during the wait would otherwise
    /// send them again.
    @Test func answersBeforeALongWaitAreCommittedDuringIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-wait-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let input = directory.appendingPathComponent("events.ndjson")
        let lines = (1...300).map {
            #"{"customerIdentifier":{"emailAddress":"a@example.com"},"title":"waiting \#($0)","components":[],"externalId":"wait-\#($0)"}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        var options = PlainFakeOptions.unthrottled
        options.stallProbability = 0.05
        options.stallDuration = .seconds(10)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let arguments = ["import", input.path, "--rate", "600000", "--concurrency", "1", "--request-timeout", "120s", "--quiet"]
            let (process, _, _) = try cli.start(arguments)
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            // A stall has begun: the one request in flight waits 10 s; the events stored before it
            // were all answered.
            let guardEnds = ContinuousClock.now + .seconds(30)
            while await fake.store.stalled == 0, process.isRunning, ContinuousClock.now < guardEnds {
                try await Task.sleep(for: .milliseconds(10))
            }
            let answered = await fake.store.events.count
            #expect(await fake.store.stalled == 1, "a stall began")
            var done = -1
            let stallEnds = ContinuousClock.now + .seconds(9)
            while process.isRunning, ContinuousClock.now < stallEnds {
                let status = try await cli.run(["status", "--json"])
                let total = try? JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
                if case .number(let text)? = total?["done"], let count = Int(text) { done = count }
                if done >= answered { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(done == answered, "every answer before the stall is in the journal")
            #expect(await fake.store.events.count == answered, "while the stall still holds the run (before the fix: only after it)")
        }
    }
}
