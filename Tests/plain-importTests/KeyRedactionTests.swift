import Foundation
import PlainFake
import PlainImport
import Testing

/// SPEC §3: the key never appears in logs, errors or the journal, even when Plain's own error
/// text quotes it.
@Suite struct KeyRedactionTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-redaction-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    @Test func plainsErrorTextIsScrubbedOfTheKey() async throws {
        var echoing = PlainFakeOptions.unthrottled
        echoing.apiKey = "plain_sk_7f3a9c1e5b2d8046"
        echoing.echoKeyInErrors = true
        let options = echoing
        let input = directory.appendingPathComponent("three.ndjson")
        try Data(
            (1...3).map { #"{"customerIdentifier":{"emailAddress":"a\#($0)@example.com"},"title":"t\#($0)","components":[]}"# }
                .joined(separator: "\n").utf8
        ).write(to: input)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["import", input.path, "--verbose", "--json"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(await fake.store.requests == 3, "the fake did answer with the key in its text")
            let failures = try await cli.run(["failures"])
            #expect(failures.stdout.split(separator: "\n").count == 3)
            #expect(failures.stdout.contains("Input validation failed for request with authorization Bearer <redacted>"), "\(failures.stdout)")
            #expect(failures.stdout.contains("not accepted from Bearer <redacted>"))
            var journal = Data()
            for suffix in ["", "-wal"] {
                journal.append((try? Data(contentsOf: directory.appendingPathComponent("plain-import.db" + suffix))) ?? Data())
            }
            #expect(!journal.isEmpty)
            for (name, text) in [("stderr", result.stderr), ("stdout", result.stdout), ("failures", failures.stdout + failures.stderr)] {
                #expect(!text.contains(options.apiKey), "the key is in \(name)")
            }
            #expect(journal.range(of: Data(options.apiKey.utf8)) == nil, "the key is in the journal")
        }
    }
}
