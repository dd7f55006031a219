import Foundation
import PlainFake
import PlainImport
import Testing

/// Every exit code of SPEC §3, provoked through the real binary.
@Suite(.serialized) struct ExitCodeTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-cli-\(UUID().uuidString)")
    static let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples").path

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    @Test func exit0ImportsAndReportsJSON() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["import", "\(Self.samples)/events.ndjson", "--rate", "60000", "--concurrency", "16", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue
            for key in [
                "records", "created", "duplicates", "failed", "invalid", "pending", "requests", "retries", "rateLimited", "elapsedSeconds",
                "exitCode",
            ] {
                #expect(summary?[key] != nil, "missing \(key)")
            }
            #expect(summary?["created"] == .number("200"))
            #expect(!result.stderr.contains(fake.options.apiKey), "the key never appears")

            let status = try await cli.run(["status", "--json"])
            #expect(status.status == 0)
            let object = try JSONParser.parse(status.stdout).objectValue
            #expect(object?["total"]?.objectValue?["done"] == .number("200"))
            #expect(object?["sources"]?.arrayValue?.first?.objectValue?["checkpoint"] != nil)

            let again = try await cli.run(["import", "\(Self.samples)/events.ndjson", "--json"])
            #expect(again.status == 0)
            #expect(try JSONParser.parse(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue?["requests"] == .number("0"))
            let journal = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("plain-import.db").path)
            #expect((journal[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test func exit1WithInvalidRecordsAndFailuresExport() async throws {
        let input = try Fixtures.mixedNDJSON(in: directory)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let validate = try await cli.run(["validate", input.path])
            #expect(validate.status == 1)
            #expect(validate.stderr.contains("mixed.ndjson:2: invalid JSON"))
            #expect(validate.stderr.contains("mixed.ndjson:3: title: must not be empty"))

            let result = try await cli.run(["import", input.path])
            #expect(result.status == 1, "\(result.stderr)")
            let failures = try await cli.run(["failures"])
            let lines = failures.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2)
            let first = try JSONParser.parse(lines[0]).objectValue
            #expect(first?.keys == ["source", "line", "externalId", "status", "error", "record"])
            #expect(first?["line"] == .number("2"))
            #expect(first?["status"] == "invalid")
            #expect(first?["record"] == "not json")
            #expect(try JSONParser.parse(lines[1]).objectValue?["error"]?.objectValue?["fields"]?.arrayValue?.first?.objectValue?["field"] == "title")
        }
    }

    @Test func exit2BeforeAnythingIsSent() async throws {
        let mapping = directory.appendingPathComponent("bad.yaml")
        try Data("customer: { email: \"{{email}}\" }\ntitle: x\ncomponents:\n  - badge: { label: x, color: PINK }\n".utf8).write(to: mapping)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let badMapping = try await cli.run(["import", "\(Self.samples)/orders.csv", "--mapping", mapping.path])
            #expect(badMapping.status == 2)
            #expect(badMapping.stderr.contains("bad.yaml:4"))
            let missing = try await cli.run(["import", "no-such-file.csv", "--mapping", mapping.path])
            #expect(missing.status == 2)
            var insecure = cli
            insecure.environment["PLAIN_API_URL"] = "http://example.com/graphql/v1"
            let clearText = try await insecure.run(["import", "\(Self.samples)/events.ndjson"])
            #expect(clearText.status == 2)
            #expect(clearText.stderr.contains("not loopback"))
            var keyless = cli
            keyless.environment["PLAIN_API_KEY"] = nil
            #expect(try await keyless.run(["import", "\(Self.samples)/events.ndjson"]).status == 2)
            #expect(await fake.store.requests == 0)
        }
    }

    @Test func exit4WhenAnotherRunHoldsTheJournal() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let lock = try JournalLock(journalPath: directory.appendingPathComponent("plain-import.db").path)
            let result = try await BinaryRunner(directory: directory, against: fake).run(["import", "\(Self.samples)/events.ndjson"])
            #expect(result.status == 4)
            #expect(result.stderr.contains("another plain-import run"))
            #expect(await fake.store.requests == 0)
            withExtendedLifetime(lock) {}
        }
    }

    @Test func exit5WhenPlainRefusesTheKey() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake, key: "wrong-key-123").run([
                "import", "\(Self.samples)/events.ndjson",
            ])
            #expect(result.status == 5)
            #expect(!result.stderr.contains("wrong-key-123"))
            let status = try await BinaryRunner(directory: directory, against: fake).run(["status", "--json"])
            #expect(try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue?["failed"] == .number("0"))
        }
    }

    @Test func exit3OnMaxDurationThenResumeCompletes() async throws {
        var options = PlainFakeOptions.unthrottled
        options.latency = .milliseconds(50)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let first = try await cli.run(["import", "\(Self.samples)/events.ndjson", "--rate", "600", "--max-duration", "2s"])
            #expect(first.status == 3, "\(first.stderr)")
            let partial = await fake.store.events.count
            #expect(partial > 0 && partial < 200)
            let second = try await cli.run(["import", "\(Self.samples)/events.ndjson", "--rate", "60000", "--concurrency", "16"])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(await fake.store.events.count == 200)
        }
    }

    @Test func exit3OnSIGTERMAfterDraining() async throws {
        var options = PlainFakeOptions.unthrottled
        options.latency = .milliseconds(100)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let (process, _, err) = try cli.start(["import", "\(Self.samples)/events.ndjson", "--rate", "600"])
            // Stopped once it is sending (10 requests a second), with requests in flight.
            await BinaryRunner.waitForRequests(3, at: fake)
            process.terminate()
            await BinaryRunner.wait(process)
            #expect(process.terminationStatus == 3, "\((try? String(contentsOf: err, encoding: .utf8)) ?? "")")
            let status = try await cli.run(["status", "--json"])
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            // Drained: every request that was sent got its answer journaled, so nothing is left in flight.
            #expect(total?["done"] == .number(String(await fake.store.events.count)))
            #expect(total?["pending"] == .number("0"))
        }
    }
}
