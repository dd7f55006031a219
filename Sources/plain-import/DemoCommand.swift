import ArgumentParser
import Foundation
import PlainFake
import PlainImport

/// `plain-import demo`: the whole main job against the embedded stand-in for Plain, with the
/// bundled samples. No key, no network.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Import the bundled samples into an embedded stand-in for Plain on loopback (no key, no network)."
    )

    @Option(help: "Requests per minute for the demo.")
    var rate: Int = 6000

    @Option(help: "Journal file (default: a new temporary one).")
    var journal: String?

    @Flag(
        help:
            "Print one JSON object on stdout at the end: the journal, each import's summary (as import --json prints it), the events the stand-in holds and the exit code."
    )
    var json = false

    @Flag(help: "Only errors on stderr.")
    var quiet = false

    @Flag(help: "Debug detail on stderr.")
    var verbose = false

    func run() async throws {
        guard let samples = Bundle.module.url(forResource: "Samples", withExtension: nil)?.path else {
            Console.error("plain-import: the bundled samples are missing from this build")
            throw ExitStatus.usageOrInput.exitCode
        }
        let journalPath =
            journal
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("plain-import-demo-\(UUID().uuidString).db").path
        let logger = Console.logger(quiet: quiet, verbose: verbose)
        // Each import's summary is gathered here; --json prints them as one object at the end.
        // Every flag is set: a property wrapper's default cannot be read from an unparsed value.
        var options = OutputOptions()
        options.json = false
        options.quiet = quiet
        options.verbose = verbose
        let output = options
        let rate = self.rate
        var fakeOptions = PlainFakeOptions()
        fakeOptions.rateLimit = 100_000
        let (status, summary) = try await PlainFake.withRunning(options: fakeOptions) { fake in
            Console.error("demo: stand-in Plain listening on \(fake.endpoint); journal \(journalPath)")
            var statuses: [ExitStatus] = []
            var runs: [JSONValue] = []
            for (title, inputs, mapping) in [
                ("orders.csv with orders-mapping.yaml (customer events)", ["\(samples)/orders.csv"], "\(samples)/orders-mapping.yaml"),
                ("events.ndjson (native Plain inputs, customer and thread events)", ["\(samples)/events.ndjson"], nil),
                ("everything again: the journal settles it, nothing is sent", ["\(samples)/orders.csv"], "\(samples)/orders-mapping.yaml"),
            ] {
                Console.error("\ndemo: importing \(title)")
                var configuration = ImportConfiguration(inputs: inputs)
                configuration.mappingPath = mapping
                configuration.journalPath = journalPath
                configuration.endpoint = fake.endpoint
                configuration.apiKey = try APIKey(fake.options.apiKey)
                configuration.rate = rate
                configuration.concurrency = 16
                let (status, json) = await ImportRunner(configuration: configuration, output: output, logger: logger).runCollectingJSON()
                statuses.append(status)
                var run = JSONObject(["title": .string(title)])
                for member in json.objectValue ?? JSONObject() { run[member.key] = member.value }
                runs.append(.object(run))
            }
            let stored = await fake.store.events.count
            let requests = await fake.store.requests
            Console.error("\ndemo: the stand-in Plain holds \(stored) events after \(requests) requests")
            let status = statuses.max(by: { $0.rawValue < $1.rawValue }) ?? .complete
            let summary = JSONObject([
                "journal": .string(journalPath), "runs": .array(runs), "storedEvents": .number("\(stored)"),
                "requests": .number("\(requests)"), "exitCode": .number("\(status.rawValue)"),
            ])
            return (status, summary)
        }
        if json { Console.output(JSONWriter.string(.object(summary))) }
        Console.error("demo: see what the journal knows: swift run plain-import status --journal \(journalPath)")
        throw status.exitCode
    }
}
