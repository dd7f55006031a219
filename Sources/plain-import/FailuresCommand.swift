import ArgumentParser
import Foundation
import PlainImport

/// `plain-import failures`: exports failed and invalid records as NDJSON.
struct FailuresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failures",
        abstract: "Failed and invalid records: a summary by error on a terminal, NDJSON when piped or with --output.",
        discussion: """
            On a terminal (stdout), without --output: the records grouped by error code, with Plain's message and the first \
            places. Piped, or with --output: one JSON object per record (source, line, externalId, status, error, record). \
            --summary forces the grouped summary; --json --summary prints it as JSON.
            """
    )

    @OptionGroup var logFormatOption: LogFormatOption

    @OptionGroup var journalOption: JournalOption

    @Option(help: "Write the NDJSON to this file instead of stdout.")
    var output: String?

    @Flag(help: "Print the records grouped by error code, even when stdout is not a terminal.")
    var summary = false

    @Flag(help: "With --summary: the groups as one JSON array.")
    var json = false

    func run() async throws {
        logFormatOption.apply()
        do {
            let journal = try Journal(path: journalOption.journal, readOnly: true)
            let entries = try journal.failures()
            if summary || (output == nil && !json && Console.stdoutIsTerminal) {
                let groups = FailureGroup.groups(entries)
                Console.output(json ? JSONWriter.string(Self.json(groups)) : Self.summary(groups, entries: entries, journal: journalOption.journal))
                return
            }
            var text = ""
            for entry in entries { text += JSONWriter.string(FailureRecord(entry).json) + "\n" }
            if let output {
                do {
                    try PrivateFile.write(text.utf8, to: output)
                } catch {
                    Console.error("plain-import: \(Advice.describe(error))")
                    throw ExitStatus.usageOrInput.exitCode
                }
                Console.error("plain-import: \(entries.count) records written to \(output)")
            } else {
                FileOutput.standardOutput.write(text)
            }
        } catch let error as JournalError {
            Console.error("plain-import: \(Advice.describe(error))")
            throw ExitStatus.usageOrInput.exitCode
        }
    }

    /// The grouped summary for people (SPEC §11).
    static func summary(_ groups: [FailureGroup], entries: [FailureEntry], journal: String) -> String {
        guard !entries.isEmpty else { return "no failed or invalid records in \(journal)" }
        let failed = entries.filter { $0.status == .failed }.count
        var lines = [
            "\(entries.count) record\(entries.count == 1 ? "" : "s") need\(entries.count == 1 ? "s" : "") attention: \(failed) failed (refused by Plain or not sent for their customer or thread), "
                + "\(entries.count - failed) invalid (never sent)"
        ]
        let width = groups.map { String($0.count).count }.max() ?? 1
        for group in groups {
            let count = String(repeating: " ", count: width - String(group.count).count) + String(group.count)
            lines.append("  \(count)  \(group.code): \(group.message)")
            let places = zip(StatusTable.shortened(group.examples.map(\.source)), group.examples).map { "\($0):\($1.line)" }
                .joined(separator: ", ")
            lines.append("  " + String(repeating: " ", count: width) + "  at \(places)\(group.count > group.examples.count ? ", …" : "")")
        }
        lines.append("export them: plain-import failures --journal \(journal) --output failures.ndjson")
        lines.append("after fixing the mapping: plain-import import INPUT... --retry-invalid; for Plain's refusals: --retry-failed")
        return lines.joined(separator: "\n")
    }

    /// `[{"code", "count", "message", "examples": [{"source", "line"}]}]`.
    static func json(_ groups: [FailureGroup]) -> JSONValue {
        .array(
            groups.map { group in
                .object(
                    JSONObject([
                        "code": .string(group.code), "count": .number("\(group.count)"), "message": .string(group.message),
                        "examples": .array(
                            group.examples.map { .object(JSONObject(["source": .string($0.source), "line": .number("\($0.line)")])) }
                        ),
                    ])
                )
            }
        )
    }
}
