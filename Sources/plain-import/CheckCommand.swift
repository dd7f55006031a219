import ArgumentParser
import Foundation
import PlainImport

/// `plain-import check`: the preflight of SPEC §8; sends only read queries.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Before a real run: the workspace, the key's permissions, the rate budget, what is still to send and how long it takes.",
        discussion: """
            Sends only read queries, never a mutation. Exit 0 ready; 1 some records are invalid, some customers could not \
            be looked up, some threads of a thread mapping do not exist, or some customers do not exist and the mapping has no upsertCustomer:; 2 usage, input or mapping error, an endpoint that \
            is not Plain's API (a redirect, 404 or 405: check --endpoint), or Plain's TLS certificate is not trusted (--ca-file); \
            3 Plain did not answer; 5 the key is refused or lacks a permission the mapping needs.
            """
    )

    @OptionGroup var logFormatOption: LogFormatOption

    @Argument(help: "Files, directories or - (optional): read and map offline, count what is still to send.")
    var inputs: [String] = []

    @OptionGroup var reading: ReadingOptions

    @OptionGroup var journalOption: JournalOption
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Look up this many distinct customers of the inputs (and, for a thread mapping, this many threads).")
    var customers: Int = 20

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    @Flag(help: "Debug detail on stderr (never the API key).")
    var verbose = false

    func run() async throws {
        logFormatOption.apply()
        let logger = Console.logger(quiet: json, verbose: verbose)
        var configuration = ImportConfiguration(inputs: inputs)
        configuration.mappingPath = reading.mapping
        configuration.format = reading.format
        configuration.encoding = reading.encoding
        configuration.journalPath = journalOption.journal
        try connection.apply(to: &configuration)
        let report: Checker.Report
        do {
            report = try await Checker(configuration: configuration, customersToCheck: max(0, customers), logger: logger).run()
        } catch {
            Console.error("plain-import: \(Advice.describe(error))")
            throw ExitStatus(error).exitCode
        }
        let status = Self.status(report)
        if json {
            Console.output(JSONWriter.string(Self.json(report, status: status)))
        } else {
            // The report is what was asked for: stdout.
            Console.output(Self.summary(report, status: status, rate: connection.rate))
        }
        throw status.exitCode
    }

    static func status(_ report: Checker.Report) -> ExitStatus { ExitStatus(Checker.verdict(of: report)) }

    static func summary(_ report: Checker.Report, status: ExitStatus, rate: Int) -> String {
        var lines: [String] = []
        if let failure = report.keyRefused, failure.category == .proxyAuthenticationRequired {
            lines.append("proxy: \(failure.message); nothing else was checked")
        } else if let failure = report.keyRefused {
            lines.append("key: refused by Plain (\(failure)); nothing else was checked")
        } else if let failure = report.unreachable {
            lines.append("Plain: no answer (\(failure))")
        } else {
            lines.append("workspace: " + (report.workspace.map { "\($0.name) (\($0.id))" } ?? "unknown (the key may not read it)"))
            lines.append("permissions: \(report.permissions.sorted().joined(separator: ", "))")
            lines.append(
                report.missingPermissions.isEmpty
                    ? "needed permissions: all present"
                    : "MISSING permissions for this mapping: \(report.missingPermissions.joined(separator: ", ")) (give the key's machine user a role with them)"
            )
        }
        let trust = "system trust store" + (report.caFile.map { " + \($0)" } ?? "")
        lines.append("route: \(report.route); tls: \(report.tls)" + (report.usesTLS ? " (\(trust))" : ""))
        if let limit = report.rateLimit, let perMinute = limit.limit {
            lines.append(
                "rate budget: \(limit.remaining.map(String.init) ?? "?") of \(perMinute) left, resets \(limit.resetText ?? "?"); --rate \(rate)"
            )
        }
        if let inputs = report.inputs {
            lines.append(
                "records: \(inputs.toSend) to send, \(inputs.settled) already settled, \(inputs.invalid) invalid"
                    + (inputs.filtered > 0 ? ", \(inputs.filtered) filtered out by where:" : "")
            )
            for invalid in inputs.firstInvalid.prefix(5) { lines.append("  \(invalid.source):\(invalid.line): \(invalid.problem)") }
            for hint in inputs.readingHints { lines.append("  \(Advice.say(hint))") }
            if inputs.preparations > 0 { lines.append("customers and threads still to upsert or look up: \(inputs.preparations)") }
            lines.append("estimated duration: \(DurationText.describe(seconds: inputs.estimatedSeconds))")
            if let skipped = inputs.customerLookupSkipped {
                lines.append("customers: not looked up (\(skipped))")
            } else {
                let asked = inputs.customersChecked + inputs.customersNotLookedUp
                lines.append("customers: \(inputs.customersFound) of the first \(asked) exist in Plain")
                if inputs.customersNotLookedUp > 0 {
                    lines.append(
                        "  \(inputs.customersNotLookedUp) of them could not be looked up, so are neither found nor missing: "
                            + (inputs.lookupFailure.map { "\($0)" } ?? "no answer")
                    )
                }
                if !inputs.customersMissing.isEmpty {
                    lines.append("  missing: \(inputs.customersMissing.prefix(10).joined(separator: ", "))")
                    if inputs.threadMapping {
                        lines.append("  their threads cannot be found: the thread events would fail thread_not_found")
                    } else if !report.upsertsCustomers {
                        lines.append("  their events would fail not_found: add an upsertCustomer: section to the mapping")
                    }
                }
                if inputs.threadMapping {
                    lines.append("threads: \(inputs.threadsFound) of the first \(inputs.threadsChecked) exist in Plain")
                    if !inputs.threadsMissing.isEmpty {
                        lines.append("  missing (customer/externalId): \(inputs.threadsMissing.prefix(10).joined(separator: ", "))")
                        lines.append("  their events would fail thread_not_found: check thread.externalId in the mapping")
                    }
                }
            }
        }
        lines.append("\(report.requests) read requests, no mutation; exit \(status.rawValue)")
        return lines.joined(separator: "\n")
    }

    static func json(_ report: Checker.Report, status: ExitStatus) -> JSONValue {
        func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        var object = JSONObject()
        object["workspace"] =
            report.workspace.map { .object(JSONObject(["id": .string($0.id), "name": .string($0.name)])) } ?? .null
        object["permissions"] = strings(report.permissions)
        object["missingPermissions"] = strings(report.missingPermissions)
        object["route"] = .string(report.route.description)
        object["tls"] = .string(report.tls)
        if let limit = report.rateLimit {
            object["rateLimit"] = .object(
                JSONObject([
                    "limit": limit.limit.map { .number("\($0)") } ?? .null,
                    "remaining": limit.remaining.map { .number("\($0)") } ?? .null,
                    "reset": limit.resetText.map(JSONValue.string) ?? .null,
                ])
            )
        } else {
            object["rateLimit"] = .null
        }
        if let inputs = report.inputs {
            object["records"] = .object(
                JSONObject([
                    "toSend": .number("\(inputs.toSend)"), "invalid": .number("\(inputs.invalid)"),
                    "filtered": .number("\(inputs.filtered)"), "settled": .number("\(inputs.settled)"),
                ])
            )
            object["estimatedSeconds"] = .number(String(format: "%.1f", inputs.estimatedSeconds))
            if !inputs.readingHints.isEmpty { object["readingHints"] = strings(inputs.readingHints.map(Advice.say)) }
            object["customers"] = .object(
                JSONObject([
                    "checked": .number("\(inputs.customersChecked)"), "found": .number("\(inputs.customersFound)"),
                    "missing": strings(inputs.customersMissing), "notLookedUp": .number("\(inputs.customersNotLookedUp)"),
                ])
            )
            if inputs.threadMapping {
                object["threads"] = .object(
                    JSONObject([
                        "checked": .number("\(inputs.threadsChecked)"), "found": .number("\(inputs.threadsFound)"),
                        "missing": strings(inputs.threadsMissing),
                    ])
                )
            }
        }
        object["exitCode"] = .number("\(status.rawValue)")
        return .object(object)
    }
}
