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
        let customers: CustomerCounts
        do {
            let journal = try Journal(path: journalOption.journal, readOnly: true)
            report = try journal.statusReport()
            customers = try journal.customerCounts()
        } catch {
            Console.error("plain-import: \(error)")
            throw ExitStatus.usageOrInput.exitCode
        }
        var total = StatusCounts()
        for entry in report { total.add(entry.counts) }
        if json {
            var object = Self.json(report, total: total).objectValue ?? JSONObject()
            object["customers"] = Self.json(customers)
            Console.output(JSONWriter.string(.object(object)))
            return
        }
        Console.output("source\trecords\tdone\tduplicate\tfailed\tinvalid\tpending\tcheckpoint\tlast run")
        for entry in report {
            let counts = entry.counts
            Console.output(
                "\(entry.source.path)\t\(counts.records)\t\(counts.done)\t\(counts.duplicate)\t\(counts.failed)\t"
                    + "\(counts.invalid)\t\(counts.pending)\tline \(entry.source.checkpointLine) (byte \(entry.source.checkpointOffset))\t"
                    + "\(entry.lastRun ?? "-")"
            )
        }
        defer { if let line = Self.customersLine(customers) { Console.output(line) } }
        Console.output("total\t\(total.records)\t\(total.done)\t\(total.duplicate)\t\(total.failed)\t\(total.invalid)\t\(total.pending)")
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

    /// `{"created", "existing", "failed"}`: the customers the journal knows (SPEC §9).
    static func json(_ customers: CustomerCounts) -> JSONValue {
        .object(
            JSONObject([
                "created": .number("\(customers.created)"), "existing": .number("\(customers.existing)"),
                "failed": .number("\(customers.failed)"),
            ])
        )
    }

    /// The customers line under the table; nil when the journal knows no customer.
    static func customersLine(_ customers: CustomerCounts) -> String? {
        guard customers.created + customers.existing + customers.failed > 0 else { return nil }
        return "customers: \(customers.created) created, \(customers.existing) existing, \(customers.failed) failed (refused or not found)"
    }
}
