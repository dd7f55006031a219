import ArgumentParser
import PlainImport

/// `plain-import status`: what the journal knows.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per source and in total: done, duplicate, failed, invalid, pending, last run, checkpoint."
    )

    @OptionGroup var journalOption: JournalOption

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() async throws {
        let report: [SourceStatus]
        do {
            report = try Journal(path: journalOption.journal, readOnly: true).statusReport()
        } catch {
            Console.error("plain-import: \(error)")
            throw ExitStatus.usageOrInput.exitCode
        }
        var total = StatusCounts()
        for entry in report { total.add(entry.counts) }
        if json {
            Console.output(JSONWriter.string(Self.json(report, total: total)))
            return
        }
        for line in StatusTable.lines(report, total: total) { Console.output(line) }
    }

    static func json(_ report: [SourceStatus], total: StatusCounts) -> JSONValue {
        func counts(_ value: StatusCounts) -> [(String, JSONValue)] {
            [
                ("records", .number("\(value.records)")), ("done", .number("\(value.done)")),
                ("duplicate", .number("\(value.duplicate)")), ("failed", .number("\(value.failed)")),
                ("invalid", .number("\(value.invalid)")), ("pending", .number("\(value.pending)")),
            ]
        }
        let sources: [JSONValue] = report.map { entry in
            var object = JSONObject()
            object["path"] = .string(entry.source.path)
            for (key, value) in counts(entry.counts) { object[key] = value }
            object["checkpoint"] = .object(
                JSONObject([
                    "offset": .number("\(entry.source.checkpointOffset)"), "line": .number("\(entry.source.checkpointLine)"),
                ])
            )
            object["lastRun"] = entry.lastRun.map(JSONValue.string) ?? .null
            return .object(object)
        }
        var totalObject = JSONObject()
        for (key, value) in counts(total) { totalObject[key] = value }
        return .object(JSONObject(["sources": .array(sources), "total": .object(totalObject)]))
    }
}
