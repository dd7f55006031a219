import Foundation
import PlainFake
import PlainImport
import Testing

/// SPEC §13 through the binary: an input edited, cut, rewritten, replaced or grown between runs,
/// followed by a resume and by each `--retry-…`. Afterwards every event in the stand-in is a row
/// of one of the file's versions as written (never a misread), no row version is in Plain twice,
/// and every row of the last version is in Plain or reported by `failures`.
@Suite struct ChangedInputTests {
    /// One row of an export: `title` names the row and its version, so a misread shows.
    struct Row: Hashable {
        let id: Int
        let version: Int
        let note: String

        var title: String { "R\(id)-v\(version)" }
        /// Rows with no email are invalid; rows whose customer Plain does not know fail.
        var email: String { id % 97 == 0 ? "" : id % 89 == 0 ? "ghost\(id)@example.com" : "u\(id)@example.com" }
        var isInvalid: Bool { email.isEmpty }
        /// The event's text component, as the mapping renders it.
        var text: String { "\(title)|\(email)|\(note)" }
    }

    enum Format: String, CaseIterable, Sendable {
        case csv, ndjson, json, csvGzip

        var fileName: String {
            switch self {
            case .csv: "export.csv"
            case .ndjson: "export.ndjson"
            case .json: "export.json"
            case .csvGzip: "export.csv.gz"
            }
        }

        /// The line a data row (from 1) is on.
        func line(ofRow index: Int) -> Int { self == .ndjson ? index : index + 1 }

        func render(_ rows: [Row]) -> String {
            switch self {
            case .csv, .csvGzip:
                return "id,title,email,note\n" + rows.map { "\($0.id),\($0.title),\($0.email),\($0.note)\n" }.joined()
            case .ndjson:
                return rows.map { #"{"id":\#($0.id),"title":"\#($0.title)","email":"\#($0.email)","note":"\#($0.note)"}"# + "\n" }.joined()
            case .json:
                return "[\n"
                    + rows.map { #"  {"id":\#($0.id),"title":"\#($0.title)","email":"\#($0.email)","note":"\#($0.note)"}"# }
                    .joined(separator: ",\n") + "\n]\n"
            }
        }
    }

    /// What happens to the file between the first run and the next.
    enum Change: String, CaseIterable, Sendable {
        case editAfterFirst64KiB, sameSizeEdit, shorterLine, longerLine, truncation, rewrite, anotherFileMovedIn, append,
            editAfterCheckpoint

        /// The rows after the change, given the rows before.
        func apply(to rows: [Row]) -> [Row] {
            func edit(_ index: Int, note: (String) -> String) -> [Row] {
                var copy = rows
                copy[index - 1] = Row(id: rows[index - 1].id, version: 2, note: note(rows[index - 1].note))
                return copy
            }
            switch self {
            case .editAfterFirst64KiB: return edit(760) { $0 + "fixed" }
            case .sameSizeEdit: return edit(700) { String($0.dropLast()) + "Z" }
            case .shorterLine: return edit(650) { String($0.dropLast(17)) }
            case .longerLine: return edit(720) { $0 + "-longer-by-some-bytes" }
            case .truncation: return Array(rows.prefix(600))
            case .rewrite: return rows.map { Row(id: $0.id, version: 3, note: $0.note) }
            case .anotherFileMovedIn: return (1...900).map { Row(id: 5000 + $0, version: 1, note: ChangedInputTests.note($0)) }
            case .append: return rows + (1001...1100).map { Row(id: $0, version: 1, note: ChangedInputTests.note($0)) }
            case .editAfterCheckpoint: return edit(960) { $0 + "late" }
            }
        }

        /// The first data row that differs, when the file is a new version; nil when it is not.
        var firstDifferentRow: Int? {
            switch self {
            case .editAfterFirst64KiB: 760
            case .sameSizeEdit: 700
            case .shorterLine: 650
            case .longerLine: 720
            case .truncation: 601
            case .rewrite, .anotherFileMovedIn: 1
            case .append, .editAfterCheckpoint: nil
            }
        }
    }

    enum FollowUp: String, CaseIterable, Sendable {
        case resume, retryFailed, retryInvalid, retryMissing

        var flags: [String] {
            switch self {
            case .resume: []
            case .retryFailed: ["--retry-failed"]
            case .retryInvalid: ["--retry-invalid"]
            case .retryMissing: ["--retry-missing"]
            }
        }
    }

    static func note(_ id: Int) -> String { "note\(id)" + String(repeating: "x", count: 40 + id % 23) }

    static let mapping = """
        event: customer
        customer:
          email: "{{email}}"
        title: "{{title}}"
        components:
          - text: "{{title}}|{{email}}|{{note}}"

        """

    /// Every change in every format; across the formats each change meets each follow-up.
    @Test(arguments: Format.allCases)
    func everyChangeThenAResumeOrARetry(format: Format) async throws {
        for (index, change) in Change.allCases.enumerated() {
            let followUp = FollowUp.allCases[(index + Format.allCases.firstIndex(of: format)!) % FollowUp.allCases.count]
            try await scenario(format: format, change: change, followUp: followUp)
        }
    }

    func write(_ rows: [Row], as format: Format, to path: String) throws {
        let text = format.render(rows)
        guard format == .csvGzip else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        let plain = path + ".plain"
        try Data(text.utf8).write(to: URL(fileURLWithPath: plain))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c -n \"$0\" > \"$1\" && rm \"$0\"", plain, path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
    }

    func scenario(format: Format, change: Change, followUp: FollowUp) async throws {
        let context = "\(format) / \(change) / \(followUp)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-changed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(format.fileName).path
        let mappingPath = directory.appendingPathComponent("mapping.yaml").path
        try Data(Self.mapping.utf8).write(to: URL(fileURLWithPath: mappingPath))

        let first = (1...1000).map { Row(id: $0, version: 1, note: Self.note($0)) }
        try write(first, as: format, to: path)
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = Set((1...6000).map { "u\($0)@example.com" })
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let base = ["import", path, "--mapping", mappingPath, "--rate", "600000", "--concurrency", "8", "--quiet"]
            let opening = try await cli.run(base + ["--limit", "850"])
            #expect([0, 3].contains(opening.status), "\(context): \(opening.stderr)")
            if followUp == .retryMissing {
                // Plain lost some events: verify finds them missing, and --retry-missing sends them again.
                let lost = await fake.store.events.prefix(700).suffix(30).compactMap(\.externalId)
                await fake.store.lose(externalIds: Set(lost))
                let verify = try await cli.run(["verify", "--quiet", "--rate", "600000"])
                #expect(verify.status != 0, "\(context): verify finds the lost events missing")
            }

            let second = change.apply(to: first)
            if change == .anotherFileMovedIn {
                let other = directory.appendingPathComponent("other-" + format.fileName).path
                try write(second, as: format, to: other)
                #expect(rename(other, path) == 0)
            } else {
                try write(second, as: format, to: path)
            }

            let after = try await cli.run(base.filter { $0 != "--quiet" } + followUp.flags + ["--json"])
            #expect([0, 1, 3].contains(after.status), "\(context): \(after.stderr)")
            // In a JSON array cut short, the last element kept loses its comma: its line differs.
            func firstLine(_ row: Int) -> Int { format == .json && change == .truncation ? row - 1 : row }
            let warnings = after.stderr.split(separator: "\n").filter { $0.contains("as a new version") }
            if let row = change.firstDifferentRow {
                #expect(warnings.count == 1, "\(context): one warning for the new version\n\(after.stderr)")
                #expect(
                    warnings.first?.contains("first difference on line \(format.line(ofRow: firstLine(row)))") == true,
                    "\(context): the warning names the first differing line\n\(after.stderr)"
                )
            } else {
                #expect(warnings.isEmpty, "\(context): the file only grew or changed after the checkpoint\n\(after.stderr)")
                let summary = try JSONParser.parse(after.stdout).objectValue
                var read = -1
                if case .number(let text) = summary?["read"] { read = Int(text) ?? -1 }
                #expect(read >= 0 && read < 400, "\(context): only what follows the checkpoint is read (\(read))")
            }
            let last = try await cli.run(base)
            #expect([0, 1].contains(last.status), "\(context): \(last.stderr)")

            try await Self.expectEveryRowOnce(fake: fake, cli: cli, in: directory, versions: [first, second], context: context)
            let status = try await cli.run(["status", "--json"])
            let total = try JSONParser.parse(status.stdout).objectValue?["total"]?.objectValue
            #expect(total?["pending"] == .number("0"), "\(context): \(status.stdout)")
            // `status` shows the current version; `status --all` the earlier one too, marked.
            let versions = try await cli.run(["status", "--all", "--json"])
            let listed = try JSONParser.parse(versions.stdout).objectValue?["sources"]?.arrayValue ?? []
            let current = try JSONParser.parse(status.stdout).objectValue?["sources"]?.arrayValue ?? []
            #expect(current.count == 1, "\(context)")
            #expect(listed.count == (change.firstDifferentRow == nil ? 1 : 2), "\(context): \(versions.stdout)")
            #expect(listed.filter { $0.objectValue?["superseded"] == .bool(true) }.count == listed.count - 1, "\(context)")
        }
    }

    /// Every event is a row as written, of one version or another, and none twice; every row of
    /// the last version is in Plain or reported, and nothing of an earlier version is reported.
    static func expectEveryRowOnce(fake: PlainFake, cli: BinaryRunner, in directory: URL, versions: [[Row]], context: String) async throws {
        guard let second = versions.last else { return }
        let first = versions.dropLast().flatMap { $0 }
        // Every event is a row as written, of one version or the other, and none twice.
        var expectedText: [String: String] = [:]
        for row in first + second { expectedText[row.title] = row.text }
        let events = await fake.store.events
        var seen: [String: Int] = [:]
        for event in events {
            let title = event.input["title"]?.stringValue ?? "?"
            seen[title, default: 0] += 1
            let text = JSONWriter.string(event.input["components"] ?? .null)
            #expect(expectedText[title] != nil, "\(context): an event that is no row: \(title)")
            if let expected = expectedText[title] {
                #expect(text.contains("\"\(expected)\""), "\(context): \(title) was sent as \(text)")
            }
        }
        #expect(seen.values.allSatisfy { $0 == 1 }, "\(context): rows sent twice: \(seen.filter { $0.value > 1 }.keys.sorted())")

        // Every row of the last version is in Plain or reported; nothing of the earlier one is reported.
        let failures = try await cli.run(["failures", "--output", directory.appendingPathComponent("failures.ndjson").path])
        #expect(failures.status == 0 || failures.status == 1, "\(context): \(failures.stderr)")
        let reportedText = (try? String(contentsOf: directory.appendingPathComponent("failures.ndjson"), encoding: .utf8)) ?? ""
        var reported: Set<String> = []
        for line in reportedText.split(separator: "\n") {
            let object = try JSONParser.parse(String(line)).objectValue
            if let title = object?["record"]?.objectValue?["title"]?.stringValue { reported.insert(title) }
        }
        let lastTitles = Set(second.map(\.title))
        #expect(
            reported.isSubset(of: lastTitles),
            "\(context): reported rows of an earlier version: \(reported.subtracting(lastTitles).sorted())"
        )
        let missing = second.filter { seen[$0.title] == nil && !reported.contains($0.title) }
        #expect(missing.isEmpty, "\(context): rows neither in Plain nor reported: \(missing.prefix(5).map(\.title))")
        #expect(second.filter(\.isInvalid).allSatisfy { reported.contains($0.title) }, "\(context): invalid rows are reported")

    }

    /// A kill -9 while a changed file is read again as a new version, then a resume.
    @Test func killNineDuringTheReReadOfANewVersionLosesNothingAndDoublesNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-changed-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("export.csv").path
        let mappingPath = directory.appendingPathComponent("mapping.yaml").path
        try Data(Self.mapping.utf8).write(to: URL(fileURLWithPath: mappingPath))
        let first = (1...3000).map { Row(id: $0, version: 1, note: Self.note($0)) }
        try write(first, as: .csv, to: path)
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = Set((1...6000).map { "u\($0)@example.com" })
        options.latency = .milliseconds(40)
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let base = ["import", path, "--mapping", mappingPath, "--rate", "600000", "--concurrency", "8", "--quiet"]
            let opening = try await cli.run(base + ["--limit", "1500"])
            #expect([0, 3].contains(opening.status), "\(opening.stderr)")
            var second = first
            for index in stride(from: 1000, to: 3000, by: 250) { second[index] = Row(id: index + 1, version: 2, note: "edited") }
            try write(second, as: .csv, to: path)
            var kills = 0
            for _ in 0..<4 {
                let (process, _, _) = try cli.start(base)
                try await Task.sleep(for: .milliseconds(Int.random(in: 150...900)))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
                await BinaryRunner.wait(process)
            }
            #expect(kills >= 2, "the kills land while the new version is read and sent")
            let last = try await cli.run(base)
            #expect([0, 1].contains(last.status), "\(last.stderr)")
            try await Self.expectEveryRowOnce(fake: fake, cli: cli, in: directory, versions: [first, second], context: "kill -9")
        }
    }
}
