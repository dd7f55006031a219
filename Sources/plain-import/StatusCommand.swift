import ArgumentParser
import PlainImport

/// `plain-import status`: what the journal knows.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per source and in total: done, duplicate, failed, invalid, pending, last run, checkpoint."
    )

    @OptionGroup var logFormatOption: LogFormatOption

    @OptionGroup var journalOption: JournalOption

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @Flag(help: "Also list earlier versions of files that changed since they were read (superseded: not in the totals).")
    var all = false

    func run() async throws {
        logFormatOption.apply()
        let report: [SourceStatus]
        let customers: CustomerCounts
        let rate: Double?
        do {
            let journal = try Journal(path: journalOption.journal, readOnly: true)
            report = try journal.statusReport(includeSuperseded: all)
            customers = try journal.customerCounts()
            rate = try journal.lastRunRate()
        } catch {
            Console.error("plain-import: \(Advice.describe(error))")
            throw ExitStatus.usageOrInput.exitCode
        }
        var total = StatusCounts()
        for entry in report where entry.source.supersededBy == nil { total.add(entry.counts) }
        if json {
            var object = Self.json(report, total: total, eventsPerSecond: rate).objectValue ?? JSONObject()
            object["customers"] = Self.json(customers)
            Console.output(JSONWriter.string(.object(object)))
            return
        }
        for line in StatusTable.lines(report, total: total, eventsPerSecond: rate) { Console.output(line) }
        Console.output(Self.leftLine(report, eventsPerSecond: rate))
        if let line = Self.customersLine(customers) { Console.output(line) }
    }

    static func seconds(_ value: Double?) -> JSONValue { value.map { .number(String(Int($0.rounded(.up)))) } ?? .null }

    static func json(_ report: [SourceStatus], total: StatusCounts, eventsPerSecond: Double? = nil) -> JSONValue {
        func counts(_ value: StatusCounts) -> [(String, JSONValue)] {
            [
                ("records", .number("\(value.records)")), ("done", .number("\(value.done)")),
                ("duplicate", .number("\(value.duplicate)")), ("failed", .number("\(value.failed)")),
                ("invalid", .number("\(value.invalid)")), ("filtered", .number("\(value.filtered)")),
                ("pending", .number("\(value.pending)")),
            ]
        }
        let sources: [JSONValue] = report.map { entry in
            var object = JSONObject()
            object["path"] = .string(entry.source.path)
            object["superseded"] = .bool(entry.source.supersededBy != nil)
            for (key, value) in counts(entry.counts) { object[key] = value }
            object["checkpoint"] = .object(
                JSONObject([
                    "offset": .number("\(entry.source.checkpointOffset)"), "line": .number("\(entry.source.checkpointLine)"),
                ])
            )
            object["lastRun"] = entry.lastRun.map(JSONValue.string) ?? .null
            object["unreadBytes"] = .number("\(entry.unreadBytes)")
            object["etaSeconds"] = seconds(entry.etaSeconds(eventsPerSecond: eventsPerSecond, bytesPerRecord: report.bytesPerRecord))
            return .object(object)
        }
        var totalObject = JSONObject()
        for (key, value) in counts(total) { totalObject[key] = value }
        totalObject["unreadBytes"] = .number("\(report.reduce(Int64(0)) { $0 + $1.unreadBytes })")
        totalObject["etaSeconds"] = seconds(report.etaSeconds(eventsPerSecond: eventsPerSecond))
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

    /// What is left and how long it takes at the last run's rate (SPEC §11).
    static func leftLine(_ report: [SourceStatus], eventsPerSecond: Double?) -> String {
        let unread = report.reduce(Int64(0)) { $0 + $1.unreadBytes }
        let pending = report.filter { $0.source.supersededBy == nil }.reduce(0) { $0 + $1.counts.pending }
        var line = "left: \(pending) pending, \(ByteCount.describe(unread)) unread"
        if let eta = report.etaSeconds(eventsPerSecond: eventsPerSecond) {
            line += eta == 0 ? "; nothing left to send" : "; ETA \(DurationText.describe(seconds: eta))"
            if let eventsPerSecond, eta > 0 { line += " at the last run's \(String(Int(eventsPerSecond.rounded()))) events/s" }
        } else {
            line += "; ETA unknown until a run has sent something"
        }
        return line
    }

    /// The customers line under the table; nil when the journal knows no customer.
    static func customersLine(_ customers: CustomerCounts) -> String? {
        guard customers.created + customers.existing + customers.failed > 0 else { return nil }
        return "customers: \(customers.created) created, \(customers.existing) existing, \(customers.failed) failed (refused or not found)"
    }
}
