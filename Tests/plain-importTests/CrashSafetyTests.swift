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
        var options = PlainFakeOptions()
        options.rateLimit = 1_000_000
        options.latency = .milliseconds(100)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, environment: ["PLAIN_API_KEY": fake.options.apiKey, "PLAIN_API_URL": fake.endpoint])
            let arguments = ["import", samples.appendingPathComponent("orders.csv").path,
                             "--mapping", samples.appendingPathComponent("orders-mapping.yaml").path,
                             "--rate", "60000", "--concurrency", "8", "--quiet"]
            var kills = 0
            for _ in 0..<6 {
                let (process, _, _) = try cli.start(arguments)
                try await Task.sleep(for: .milliseconds(Int.random(in: 250...700)))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
                await BinaryRunner.wait(process)
            }
            #expect(kills >= 5, "the kills must land mid-run")
            let final = try await cli.run(arguments)
            #expect(final.status == 0, "\(final.stderr)")
            let events = await fake.store.events
            #expect(events.count == 300, "every record of the sample exactly once")
            #expect(Set(events.compactMap(\.externalId)).count == 300)
            let status = try await cli.run(["status", "--json"])
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            #expect(total?["pending"] == .number("0"))
            #expect(total?["failed"] == .number("0"))
        }
    }
}
