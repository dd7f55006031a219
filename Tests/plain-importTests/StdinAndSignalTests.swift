import Foundation
import PlainFake
import PlainImport
import Testing

/// Standard input and the second signal, through the real binary (SPEC §5).
@Suite(.serialized) struct StdinAndSignalTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-stdin-\(UUID().uuidString)")
    static let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    @Test func standardInputImportsAndAResumeReliesOnExternalIds() async throws {
        let options = PlainFakeOptions.unthrottled
        try await PlainFake.withRunning(options: options) { fake in
            var cli = BinaryRunner(directory: directory, against: fake)
            cli.standardInput = Self.samples.appendingPathComponent("events.ndjson")
            let arguments = ["import", "-", "--format", "ndjson", "--rate", "600000", "--json"]
            let first = try await cli.run(arguments)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(try summary(first)["created"] == .number("200"))
            // Piped again: every record is known by its externalId in the journal; nothing is sent.
            let again = try await cli.run(arguments)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try summary(again)["requests"] == .number("0"))
            #expect(try summary(again)["duplicates"] == .number("200"))
            #expect(await fake.store.events.count == 200)
            let missingFormat = try await cli.run(["import", "-"])
            #expect(missingFormat.status == 2)
            #expect(missingFormat.stderr.contains("--format"))
        }
    }

    @Test func aSecondSignalExitsAtOnceAndTheJournalStaysConsistent() async throws {
        let input = directory.appendingPathComponent("slow.ndjson")
        let lines = (1...24).map { #"{"threadId":"th_\#($0)","title":"slow \#($0)","components":[]}"# }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        var options = PlainFakeOptions.unthrottled
        options.latency = .seconds(4)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let arguments = ["import", input.path, "--rate", "600000", "--drain-grace", "60s"]
            let (process, _, errors) = try cli.start(arguments + ["--concurrency", "8"])
            await BinaryRunner.waitForRequests(at: fake)
            try await Task.sleep(for: .milliseconds(300))
            kill(process.processIdentifier, SIGTERM)
            try await Task.sleep(for: .milliseconds(200))
            #expect(process.isRunning, "the first signal drains the requests in flight (4 s each)")
            // Answers come 4 s after each request: those sent since the first answer are in flight.
            let answeredBeforeTheSecondSignal = await fake.store.events.count
            kill(process.processIdentifier, SIGTERM)
            await BinaryRunner.wait(process)
            #expect(process.terminationStatus == 3)
            #expect((try String(contentsOf: errors, encoding: .utf8)).contains("second signal"))

            let status = try await cli.run(["status", "--json"])
            #expect(status.status == 0, "the journal opens and reads: \(status.stderr)")
            // Had it waited for the answers in flight, more would be journaled done than Plain had
            // answered when the second signal came.
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            guard case .number(let doneText)? = total?["done"], let done = Int(doneText) else {
                Issue.record("no done count: \(status.stdout)")
                return
            }
            #expect(done <= answeredBeforeTheSecondSignal, "the second signal did not wait for the answers: \(status.stdout)")
            let resumed = try await cli.run(arguments + ["--concurrency", "24"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let counts = await fake.store.externalIdCounts()
            #expect(counts.count == 24)
            #expect(counts.values.allSatisfy { $0 == 1 })
        }
    }

    func summary(_ result: BinaryRunner.Result) throws -> JSONObject {
        try JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue ?? JSONObject([:])
    }
}
