import ArgumentParser
import PlainImport

/// `plain-import verify`: reads back from Plain what the journal holds as sent (SPEC §10).
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that Plain's timelines list every record the journal holds as in Plain.",
        discussion: """
            Exit 0 when every record was checked and found, 1 when something is missing (send it again with \
            `import --retry-missing`) or could not be checked, 2 for a wrong endpoint or an untrusted certificate, \
            3 when Plain stopped answering, 4 when another run holds the journal, 5 when Plain refuses the key.
            """
    )

    @OptionGroup var logFormatOption: LogFormatOption

    @OptionGroup var journalOption: JournalOption
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Check this many records picked at random (the same ones on a re-run); default all.")
    var sample: Int?

    @Flag(help: "Print one JSON object on stdout: checked, found, missing, exitCode.")
    var json = false

    @Flag(help: "Only errors on stderr.")
    var quiet = false

    @Flag(help: "Debug detail on stderr (never the API key).")
    var verbose = false

    func validate() throws {
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
    }

    func run() async throws {
        logFormatOption.apply()
        let logger = Console.logger(quiet: quiet, verbose: verbose)
        var configuration = ImportConfiguration(inputs: [])
        configuration.journalPath = journalOption.journal
        try connection.apply(to: &configuration)
        let report: Verifier.Report
        do {
            report = try await Verifier(configuration: configuration, sample: sample, logger: logger).run()
        } catch {
            Console.error("plain-import: \(Advice.describe(error))")
            throw ExitStatus(error).exitCode
        }
        let status = ExitStatus(report.verdict)
        // The report is what was asked for: stdout, as JSON or as the table.
        if json {
            Console.output(JSONWriter.string(Self.json(report, status: status)))
        } else {
            Console.output(Self.summary(report, status: status, journal: journalOption.journal))
        }
        throw status.exitCode
    }

    static func summary(_ report: Verifier.Report, status: ExitStatus, journal: String) -> String {
        let paths = StatusTable.shortened(report.sources.map(\.source))
        var rows = [["source", "checked", "found", "missing"]]
        for (source, path) in zip(report.sources, paths) { rows.append([path, "\(source.checked)", "\(source.found)", "\(source.missing)"]) }
        rows.append(["total", "\(report.checked)", "\(report.found)", "\(report.missing.count)"])
        var lines = StatusTable.aligned(rows)
        for record in report.missing.prefix(10) { lines.append("  missing: \(record.source):\(record.line) \(record.externalId)") }
        if report.missing.count > 10 { lines.append("  … and \(report.missing.count - 10) more (--json lists them all)") }
        if report.unchecked > 0 {
            lines.append(
                "  \(report.unchecked) records not checked: their customer or thread could not be looked up, or their timeline "
                    + "could not be read (the warnings above say why); they are not counted as found"
            )
        }
        if let failure = report.authenticationFailure {
            lines.append(failure.category == .proxyAuthenticationRequired ? "  \(failure.message)" : "  Plain refused the key: \(failure)")
        }
        if let failure = report.certificateFailure { lines.append("  stopped: \(Advice.appending(failure.message, failure.remedy))") }
        if !report.missing.isEmpty {
            lines.append("  next: send them again with the same inputs: plain-import import INPUT... --retry-missing --journal \(journal)")
        }
        lines.append("  \(report.requests) requests; exit \(status.rawValue)")
        return lines.joined(separator: "\n")
    }

    static func json(_ report: Verifier.Report, status: ExitStatus) -> JSONValue {
        .object(
            JSONObject([
                "checked": .number("\(report.checked)"),
                "found": .number("\(report.found)"),
                "unchecked": .number("\(report.unchecked)"),
                "missing": .array(
                    report.missing.map { record in
                        .object(
                            JSONObject([
                                "source": .string(record.source), "line": .number("\(record.line)"),
                                "externalId": .string(record.externalId),
                            ])
                        )
                    }
                ),
                "exitCode": .number("\(status.rawValue)"),
            ])
        )
    }
}
