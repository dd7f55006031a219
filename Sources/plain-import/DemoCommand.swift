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
        let previewPath = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-demo-preview.html").path
        let previewInput = try InputOptions.parse(["\(samples)/orders.csv", "--mapping", "\(samples)/orders-mapping.yaml"])
        if PreviewCommand.preview(.init(input: previewInput, limit: 50, output: previewPath, json: false, quiet: true)) != .usageOrInput {
            Console.error("demo: see it before you send it: the first 50 sample orders as Plain would show them: file://\(previewPath)")
        }
        let rate = self.rate
        var fakeOptions = PlainFakeOptions()
        fakeOptions.rateLimit = 100_000
        let (status, summary) = try await PlainFake.withRunning(options: fakeOptions) { fake in
            Console.error("demo: stand-in Plain listening on \(fake.endpoint); journal \(journalPath)")
            var statuses: [ExitStatus] = []
            var runs: [JSONValue] = []
            var base = ImportConfiguration(inputs: [])
            base.journalPath = journalPath
            base.endpoint = fake.endpoint
            base.apiKey = try APIKey(fake.options.apiKey)
            base.rate = rate
            base.concurrency = 16

            Console.error("\ndemo: preflight: plain-import check orders.csv --mapping orders-mapping.yaml (read queries only)")
            var preflight = base
            preflight.inputs = ["\(samples)/orders.csv"]
            preflight.mappingPath = "\(samples)/orders-mapping.yaml"
            let check = try await Checker(configuration: preflight, customersToCheck: 20, logger: logger).run()
            statuses.append(CheckCommand.status(check))
            Console.error(CheckCommand.summary(check, status: CheckCommand.status(check), rate: rate))

            for (title, inputs, mapping) in [
                ("orders.csv with orders-mapping.yaml (customer events)", ["\(samples)/orders.csv"], "\(samples)/orders-mapping.yaml"),
                ("events.ndjson (native Plain inputs, customer and thread events)", ["\(samples)/events.ndjson"], nil),
                ("everything again: the journal settles it, nothing is sent", ["\(samples)/orders.csv"], "\(samples)/orders-mapping.yaml"),
            ] {
                Console.error("\ndemo: importing \(title)")
                var configuration = base
                configuration.inputs = inputs
                configuration.mappingPath = mapping
                let (status, json) = await ImportRunner(configuration: configuration, output: output, logger: logger).runCollectingJSON()
                statuses.append(status)
                var run = JSONObject(["title": .string(title)])
                for member in json.objectValue ?? JSONObject() { run[member.key] = member.value }
                runs.append(.object(run))
            }
            Console.error("\ndemo: reading back: plain-import verify (every event the journal holds as sent, from Plain's timelines)")
            let verify = try await Verifier(configuration: base, sample: nil, logger: logger).run()
            let verifyStatus: ExitStatus = verify.missing.isEmpty && verify.stopReason == nil ? .complete : .someRecordsUnsettled
            statuses.append(verifyStatus)
            Console.error(VerifyCommand.summary(verify, status: verifyStatus, journal: journalPath))

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
