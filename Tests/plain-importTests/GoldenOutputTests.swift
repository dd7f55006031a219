import Foundation
import GRDB
import PlainFake
import PlainImport
import Testing

/// What the commands print and what the journal holds after a scripted story, compared with the
/// outputs recorded in `Golden/` (paths, times and Plain's random ids normalised). A change of
/// behaviour shows as a diff here; a change meant is recorded again with
/// `PLAIN_IMPORT_RECORD_GOLDEN=1 swift test --filter GoldenOutputTests`.
@Suite struct GoldenOutputTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-golden-\(UUID().uuidString)")

    static let upsertMapping = """
        event: customer
        customer:
          email: "{{email}}"
        upsertCustomer: { fullName: "{{email}}", externalId: "cust-{{email}}" }
        title: "{{event}}"
        timestamp: "{{occurred_at}}"
        timezone: Europe/London
        externalId: "late-{{order_id}}"
        components:
          - text: "{{note?}}"
          - text: { text: "Order **{{order_id}}**: {{amount}} {{currency}}", size: S }

        """

    @Test func theStoryPrintsAndJournalsWhatItDidBefore() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["orders.csv", "late-orders.csv", "events.ndjson", "orders-mapping.yaml"] {
            try FileManager.default.copyItem(at: Self.samples.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        try Data(Self.upsertMapping.utf8).write(to: directory.appendingPathComponent("upsert.yaml"))
        // Inputs written a while ago, as exports are: whether the journal keeps a file's stamp
        // (not when it changed in the last 2 s) must not depend on how fast the story runs.
        for name in ["orders.csv", "late-orders.csv", "events.ndjson"] {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -86_400)],
                ofItemAtPath: directory.appendingPathComponent(name).path
            )
        }
        let fast = ["--rate", "600000"]
        var outputs: [(String, String)] = try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            var outputs: [(String, String)] = []
            let cli = BinaryRunner(directory: directory, against: fake)
            func record(_ name: String, _ arguments: [String], stdout: Bool = true, diagnostics: Bool = false) async throws {
                let result = try await cli.run(arguments)
                var text = "exit \(result.status)\n"
                if stdout { text += result.stdout }
                if diagnostics {
                    // Per-record lines (`FILE:LINE: …`), not the timed log around them.
                    text += result.stderr.split(separator: "\n").filter { $0.hasPrefix(directory.path) }.joined(separator: "\n")
                }
                outputs.append((name, normalized(text)))
            }
            try await record("01-validate", ["validate", "orders.csv", "late-orders.csv", "--mapping", "orders-mapping.yaml"], diagnostics: true)
            try await record(
                "02-preview",
                ["preview", "orders.csv", "events.ndjson", "--mapping", "orders-mapping.yaml", "--json", "--limit", "100000"]
            )
            try await record("03-import-limit", ["import", "orders.csv", "--mapping", "orders-mapping.yaml", "--limit", "50", "--json"] + fast)
            try await record("04-import-resume", ["import", "orders.csv", "--mapping", "orders-mapping.yaml", "--json"] + fast)
            try await record("05-import-native", ["import", "events.ndjson", "--json"] + fast)
            try await record("06-import-upserts", ["import", "late-orders.csv", "--mapping", "upsert.yaml", "--json"] + fast)
            await fake.store.lose(externalIds: ["ticket-5005-thread", "ticket-5010-thread"])
            try await record("07-verify", ["verify", "--json"] + fast)
            try await record("08-retry-missing", ["import", "events.ndjson", "--retry-missing", "--json"] + fast)
            try await record("09-retry-invalid", ["import", "late-orders.csv", "--mapping", "upsert.yaml", "--retry-invalid", "--json"] + fast)
            try await record("10-check", ["check", "orders.csv", "late-orders.csv", "--mapping", "orders-mapping.yaml", "--json"] + fast)
            try await record("11-status", ["status", "--json"])
            try await record("12-failures", ["failures", "--json"])
            try await record("13-failures-summary", ["failures", "--json", "--summary"])
            return outputs
        }
        outputs.append(("14-journal", normalized(try dumpJournal(directory.appendingPathComponent("plain-import.db").path))))

        let recording = ProcessInfo.processInfo.environment["PLAIN_IMPORT_RECORD_GOLDEN"] == "1"
        if recording { try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true) }
        for (name, text) in outputs {
            let file = Self.golden.appendingPathComponent(name + ".txt")
            if recording {
                try Data(text.utf8).write(to: file)
                continue
            }
            let expected = try String(contentsOf: file, encoding: .utf8)
            if expected != text {
                let ours = text.split(separator: "\n", omittingEmptySubsequences: false)
                let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let first = (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
                let now = first < ours.count ? Array(ours[first]) : []
                let was = first < theirs.count ? Array(theirs[first]) : []
                let column = (0..<min(now.count, was.count)).first { now[$0] != was[$0] } ?? min(now.count, was.count)
                let from = max(0, column - 80)
                Issue.record(
                    """
                    \(name) differs from Golden/\(name).txt at line \(first + 1), column \(column + 1):
                      now: …\(String(now[from..<min(now.count, column + 120)]))
                      was: …\(String(was[from..<min(was.count, column + 120)]))
                    """
                )
            }
        }
    }

    /// Every table of the journal, each row as `column=value` pairs, rows sorted.
    func dumpJournal(_ path: String) throws -> String {
        let database = try DatabaseQueue(path: path)
        return try database.read { db in
            var text = ""
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations' ORDER BY name"
            )
            for table in tables {
                text += "## \(table)\n"
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                    row.columnNames.map { column in "\(column)=\(row[column].map { "\($0)" } ?? "NULL")" }.joined(separator: " ")
                }
                // Sorted after normalising: ids the stand-in makes up must not decide the order.
                text += rows.map(normalized).sorted().joined(separator: "\n") + "\n"
            }
            return text
        }
    }

    /// `text` with what changes from run to run replaced: the directory, times, durations, file
    /// stamps and the ids the stand-in makes up.
    func normalized(_ text: String) -> String {
        var result = text.replacingOccurrences(of: directory.path, with: "<dir>")
        let rules: [(String, String)] = [
            (#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"#, "<time>"),
            (#"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?"#, "<time>"),
            (#""elapsedSeconds":[0-9.]+"#, #""elapsedSeconds":<s>"#),
            (#""eventsPerSecond":[0-9.]+"#, #""eventsPerSecond":<r>"#),
            (#"eventsPerSecond=[0-9.]+"#, "eventsPerSecond=<r>"),
            (#"(stampModified|stampInode|stampDevice)=-?\d+"#, "$1=<stamp>"),
            (#""reset":"[^"]*""#, #""reset":<reset>"#),
            (#""remaining":\d+"#, #""remaining":<n>"#),
            (#"c_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]{0,9}"#, "c_<uuid>"),
            (#"c_[0-9a-f]{20}"#, "c_<uuid>"),
            (#"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"#, "<uuid>"),
        ]
        for (pattern, replacement) in rules {
            result = result.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return result
    }
}
