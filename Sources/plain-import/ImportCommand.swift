import ArgumentParser
import Foundation
import PlainImport

/// `plain-import import`: sends the inputs' events to Plain.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import events into Plain, resuming where an earlier run stopped."
    )

    @OptionGroup var logFormatOption: LogFormatOption

    @OptionGroup var input: InputOptions
    @OptionGroup var journalOption: JournalOption
    @OptionGroup var output: OutputOptions

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Most requests in flight at once.")
    var concurrency: Int = ImportConfiguration.defaults.concurrency

    @Option(name: .customLong("max-duration"), help: "Stop taking records after this long (90s, 45m, 2h, 1h30m), drain and exit 3.")
    var maxDuration: String?

    @Option(name: .customLong("max-attempts"), help: "Attempts per record for transient failures; after that it stays pending.")
    var maxAttempts: Int = ImportConfiguration.defaults.maxAttempts

    @Option(name: .customLong("give-up-after"), help: "Stop (exit 3) when no request has succeeded for this long.")
    var giveUpAfter: String = DurationText.write(ImportConfiguration.defaults.giveUpAfter)

    @Option(name: .customLong("request-timeout"), help: "Timeout of one request.")
    var requestTimeout: String = DurationText.write(ImportConfiguration.defaults.requestTimeout)

    @Option(name: .customLong("drain-grace"), help: "On a stop, how long to wait for requests in flight.")
    var drainGrace: String = DurationText.write(ImportConfiguration.defaults.drainGrace)

    @Flag(name: .customLong("retry-failed"), help: "Send again the records the journal marks failed.")
    var retryFailed = false

    @Option(
        help: "Send at most this many events, then stop (exit 3) so that you can look at them in Plain; the same command without it sends the rest."
    )
    var limit: Int?

    @Flag(
        name: .customLong("retry-invalid"),
        help: "Read the invalid records again and map them with the current mapping (which may have changed; no --force needed)."
    )
    var retryInvalid = false

    @Flag(name: .customLong("retry-missing"), help: "Send again the records the last `verify` found missing (same externalIds).")
    var retryMissing = false

    @Flag(help: "Go on although the mapping changed for a source already begun.")
    var force = false

    @Option(name: .customLong("progress-every"), help: "When stderr is not a terminal (cron), log progress this often.")
    var progressEvery: String = DurationText.write(ProgressReporter.defaultLogEvery)

    @Option(
        name: .customLong("metrics-file"),
        help: "Write the run's metrics (Prometheus text format, for node_exporter's textfile collector) to FILE while it runs and at its end."
    )
    var metricsFile: String?

    @Option(
        name: .customLong("ping-url"),
        help: "Heartbeat for a cron monitor (healthchecks.io convention): GET URL/start when the run begins, URL/<exit code> when it ends."
    )
    var pingURL: String?

    @Flag(name: .customLong("dry-run"), help: "Only read and map, as `validate` does; send nothing (--json then prints as validate --json).")
    var dryRun = false

    func validate() throws {
        let most = ImportConfiguration.maximumConcurrency
        guard concurrency > 0 && concurrency <= most else { throw ValidationError("--concurrency must be 1...\(most)") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let pingURL, !(pingURL.lowercased().hasPrefix("https://") || pingURL.lowercased().hasPrefix("http://")) {
            throw ValidationError("--ping-url must be an http:// or https:// URL")
        }
        guard maxAttempts > 0 else { throw ValidationError("--max-attempts must be at least 1") }
        if let maxDuration, DurationText.parse(maxDuration) == nil {
            throw ValidationError("--max-duration \"\(maxDuration)\" is not a duration like 90s, 45m, 2h or 1h30m")
        }
        for (name, value) in [
            ("--give-up-after", giveUpAfter), ("--request-timeout", requestTimeout), ("--drain-grace", drainGrace),
            ("--progress-every", progressEvery),
        ]
        where DurationText.parse(value) == nil {
            throw ValidationError("\(name) \"\(value)\" is not a duration like 90s, 45m or 2h")
        }
    }

    func run() async throws {
        logFormatOption.apply()
        let logger = Console.logger(quiet: output.quiet, verbose: output.verbose)
        if dryRun {
            let status = ValidateCommand.validate(input: input, json: output.json, quiet: output.quiet, logger: logger)
            throw status.exitCode
        }
        var configuration = ImportConfiguration(inputs: input.inputs)
        configuration.mappingPath = input.mapping
        configuration.format = input.format
        configuration.encoding = input.encoding
        configuration.journalPath = journalOption.journal
        try connection.apply(to: &configuration)
        configuration.concurrency = concurrency
        configuration.maxDuration = maxDuration.flatMap(DurationText.parse)
        configuration.maxAttempts = maxAttempts
        configuration.giveUpAfter = DurationText.parse(giveUpAfter) ?? ImportConfiguration.defaults.giveUpAfter
        configuration.requestTimeout = DurationText.parse(requestTimeout) ?? ImportConfiguration.defaults.requestTimeout
        configuration.drainGrace = DurationText.parse(drainGrace) ?? ImportConfiguration.defaults.drainGrace
        configuration.retryFailed = retryFailed
        configuration.retryMissing = retryMissing
        configuration.retryInvalid = retryInvalid
        configuration.limit = limit
        configuration.force = force
        let status = await ImportRunner(
            configuration: configuration,
            output: output,
            logger: logger,
            progressEvery: DurationText.parse(progressEvery) ?? ProgressReporter.defaultLogEvery,
            metricsFile: metricsFile,
            pingURL: pingURL
        ).run()
        throw status.exitCode
    }
}
