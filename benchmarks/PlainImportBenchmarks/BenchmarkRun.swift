import Foundation
import Logging
import PlainFake
import PlainImport

/// One benchmark import against a running stand-in: its inputs, journal and pacing.
struct BenchmarkRun {
    static let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Writes `count` native thread events to `path`, one per line.
    static func writeEvents(_ count: Int, to path: String, text: String) throws {
        let lines = (1...count).map { n in
            #"{"threadId":"th_\#(n)","title":"Event \#(n)","components":[{"componentText":{"text":"\#(text) \#(n)"}}]}"#
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Imports `input` into a fresh journal at `journal` at `rate` per minute and `concurrency`.
    static func run(_ fake: PlainFake, input: String, journal: String, rate: Int, concurrency: Int) async throws -> ImportReport {
        try await run(endpoint: fake.endpoint, key: fake.options.apiKey, input: input, journal: journal, rate: rate, concurrency: concurrency)
    }

    /// Imports `input` into a fresh journal at `journal`, sending to the stand-in at `endpoint`.
    static func run(endpoint: String, key: String, input: String, journal: String, rate: Int, concurrency: Int) async throws -> ImportReport {
        var configuration = ImportConfiguration(inputs: [input])
        configuration.journalPath = journal
        configuration.endpoint = endpoint
        configuration.apiKey = try APIKey(key)
        configuration.rate = rate
        configuration.concurrency = concurrency
        return try await Importer(configuration: configuration, logger: quiet).run()
    }
}
