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

    @OptionGroup var logFormatOption: LogFormatOption

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
        logFormatOption.apply()
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
        // The story is what the demo was asked for: stdout; the runs' own logs stay on stderr.
        // With --json, stdout holds only the JSON object, and the story goes to stderr.
        let storyOnStderr = json
        let say: @Sendable (String) -> Void = { text in
            if storyOnStderr { Console.error(text) } else { Console.output(text) }
        }
        let previewPath = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-demo-preview.html").path
        let previewInput = try InputOptions.parse(["\(samples)/orders.csv", "--mapping", "\(samples)/orders-mapping.yaml"])
        if PreviewCommand.preview(.init(input: previewInput, limit: 50, output: previewPath, json: false, quiet: true)) != .usageOrInput {
            say("demo: see it before you send it: the first 50 sample orders as Plain would show them: file://\(previewPath)")
        }
        let rate = self.rate
        var fakeOptions = PlainFakeOptions()
        fakeOptions.rateLimit = 100_000
        let orders = "\(samples)/orders.csv"
        let mapping = "\(samples)/orders-mapping.yaml"
        let (status, summary) = try await PlainFake.withRunning(options: fakeOptions) { fake in
            say("demo: stand-in Plain listening on \(fake.endpoint); journal \(journalPath)")
            var story = DemoStory()
            var base = ImportConfiguration(inputs: [])
            base.journalPath = journalPath
            base.endpoint = fake.endpoint
            base.apiKey = try APIKey(fake.options.apiKey)
            base.rate = rate
            base.concurrency = 16
            func importing(_ inputs: [String], mapping: String?) -> ImportConfiguration {
                var configuration = base
                configuration.inputs = inputs
                configuration.mappingPath = mapping
                return configuration
            }

            say("\ndemo: 1. preflight: plain-import check orders.csv --mapping orders-mapping.yaml (read queries only)")
            var preflight = importing([orders], mapping: mapping)
            preflight.inputs = [orders]
            let check = try await Checker(configuration: preflight, customersToCheck: 20, logger: logger).run()
            story.expect(CheckCommand.status(check), .complete)
            say(CheckCommand.summary(check, status: CheckCommand.status(check), rate: rate))

            say("\ndemo: 2. plain-import import orders.csv, killed with SIGKILL in the middle")
            let killedAt = try await Self.importAndKill(orders, mapping: mapping, fake: fake, journal: journalPath, rate: rate)
            say("demo: killed with \(killedAt) events in the stand-in; the journal keeps what was settled")

            say("\ndemo: 3. the same command again resumes at the checkpoint; what was in flight is sent again and recognised")
            story.record(
                "resume after the kill",
                await ImportRunner(configuration: importing([orders], mapping: mapping), output: output, logger: logger).runCollectingJSON(),
                expected: .complete
            )
            let counts = await fake.store.externalIdCounts()
            say("demo: the stand-in holds \(counts.count) distinct orders, none twice: \(counts.values.allSatisfy { $0 == 1 })")
            story.expect(counts.count == 300 && counts.values.allSatisfy { $0 == 1 } ? .complete : .someRecordsUnsettled, .complete)

            say("\ndemo: 4. plain-import import events.ndjson (native Plain inputs, customer and thread events)")
            story.record(
                "events.ndjson",
                await ImportRunner(configuration: importing(["\(samples)/events.ndjson"], mapping: nil), output: output, logger: logger)
                    .runCollectingJSON(),
                expected: .complete
            )

            say("\ndemo: 5. plain-import import late-orders.csv: one row has an impossible date, on purpose (exit 1 is expected)")
            story.record(
                "late-orders.csv",
                await ImportRunner(configuration: importing(["\(samples)/late-orders.csv"], mapping: mapping), output: output, logger: logger)
                    .runCollectingJSON(),
                expected: .someRecordsUnsettled
            )

            say("\ndemo: 6. plain-import failures: what broke, grouped")
            let failures = try Journal(path: journalPath, readOnly: true).failures()
            say(FailuresCommand.summary(FailureGroup.groups(failures), entries: failures, journal: journalPath))
            story.expect(failures.count == 1 ? .complete : .someRecordsUnsettled, .complete)

            say("\ndemo: 7. plain-import import orders.csv again: the journal settles it, nothing is sent")
            story.record(
                "orders.csv again",
                await ImportRunner(configuration: importing([orders], mapping: mapping), output: output, logger: logger).runCollectingJSON(),
                expected: .complete
            )

            say("\ndemo: 8. plain-import status")
            let journal = try Journal(path: journalPath, readOnly: true)
            let report = try journal.statusReport()
            var total = StatusCounts()
            for entry in report { total.add(entry.counts) }
            for line in StatusTable.lines(report, total: total, eventsPerSecond: try journal.lastRunRate()) { say(line) }

            say("\ndemo: 9. plain-import verify: every event the journal holds as sent, read back from Plain's timelines")
            let verify = try await Verifier(configuration: base, sample: nil, logger: logger).run()
            let verifyStatus = ExitStatus(verify.verdict)
            story.expect(verifyStatus, .complete)
            say(VerifyCommand.summary(verify, status: verifyStatus, journal: journalPath))

            let stored = await fake.store.events.count
            let requests = await fake.store.requests
            say("\ndemo: the stand-in Plain holds \(stored) events after \(requests) requests")
            let status = story.status
            say(
                status == .complete
                    ? "demo: the story ran as it should (exit 0)" : "demo: something did not go as the story expects (exit \(status.rawValue))"
            )
            let summary = JSONObject([
                "journal": .string(journalPath), "runs": .array(story.runs), "storedEvents": .number("\(stored)"),
                "requests": .number("\(requests)"), "exitCode": .number("\(status.rawValue)"),
            ])
            return (status, summary)
        }
        if json { Console.output(JSONWriter.string(.object(summary))) }
        say("demo: see what the journal knows: swift run plain-import status --journal \(journalPath)")
        throw status.exitCode
    }

    /// Runs `plain-import import` on `orders` as a child process (its live line shows), and
    /// SIGKILLs it once the stand-in holds 150 events (past the journal's first commit). Returns how many it held at the kill.
    static func importAndKill(_ orders: String, mapping: String, fake: PlainFake, journal: String, rate: Int) async throws -> Int {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        )
        process.arguments = ["import", orders, "--mapping", mapping, "--journal", journal, "--rate", "\(min(rate, 6000))", "--concurrency", "8"]
        var environment = ProcessInfo.processInfo.environment
        environment["PLAIN_API_KEY"] = fake.options.apiKey
        environment["PLAIN_API_URL"] = fake.endpoint
        // The stand-in is on loopback: the machine's proxy must not carry the demo off it.
        for name in ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] { environment[name] = nil }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var held = 0
        while process.isRunning {
            held = await fake.store.events.count
            if held >= 150 {
                kill(process.processIdentifier, SIGKILL)
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        if Console.stderrIsTerminal { FileOutput.standardError.write("\r\u{1B}[2K") }
        return await fake.store.events.count
    }
}
