import Foundation
import PlainFake
import PlainImport
import Testing

/// `plain-import preview` through the real binary: its exit codes, its page, and its `--json`
/// lines, which must be exactly what `import` then sends to the stand-in Plain.
@Suite(.serialized) struct PreviewCommandTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-preview-\(UUID().uuidString)")
    static let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples").path

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The preview's lines for `arguments`, parsed, with the exit status.
    func previewLines(_ arguments: [String]) async throws -> (status: Int32, lines: [JSONObject], stderr: String) {
        let result = try await BinaryRunner(directory: directory).run(["preview"] + arguments + ["--json", "--limit", "100000"])
        let lines = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONParser.parse(String(line)).objectValue, "not an object: \(line)")
        }
        return (result.status, lines, result.stderr)
    }

    @Test(arguments: [
        ["orders.csv", "--mapping", "orders-mapping.yaml"],
        ["events.ndjson"],
    ])
    func previewJSONIsExactlyWhatImportSends(_ sample: [String]) async throws {
        let arguments = sample.map { $0.hasSuffix(".csv") || $0.hasSuffix(".yaml") || $0.hasSuffix(".ndjson") ? "\(Self.samples)/\($0)" : $0 }
        let preview = try await previewLines(arguments)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.lines.count >= 200)
        for line in preview.lines {
            #expect(Set(line.keys) == ["source", "line", "kind", "externalId", "input"])
            #expect(line["input"]?.objectValue?["externalId"] == line["externalId"], "input carries the externalId")
        }

        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let imported = try await cli.run(["import"] + arguments + ["--rate", "60000", "--concurrency", "16", "--journal", "preview.db"])
            #expect(imported.status == 0, "\(imported.stderr)")
            let stored = await fake.store.events
            #expect(stored.count == preview.lines.count)
            var arrived: [String: String] = [:]
            for event in stored {
                arrived[event.externalId ?? ""] = JSONWriter.string(.object(event.input), canonical: true)
            }
            for line in preview.lines {
                let externalId = line["externalId"]?.stringValue ?? ""
                let input = try #require(line["input"])
                #expect(arrived[externalId] == JSONWriter.string(input, canonical: true), "\(externalId) arrived as previewed")
            }
            #expect(Set(stored.compactMap(\.externalId)) == Set(preview.lines.compactMap { $0["externalId"]?.stringValue }))
        }
    }

    @Test func invalidRecordsAreLinesWithFailuresShapedErrorsAndExit1() async throws {
        let input = try Fixtures.mixedNDJSON(in: directory)
        let preview = try await previewLines([input.path])
        #expect(preview.status == 1)
        #expect(preview.lines.count == 3)
        #expect(preview.lines[0]["kind"] == "customer")
        #expect(preview.lines[1]["line"] == .number("2"))
        let error = try #require(preview.lines[2]["error"]?.objectValue)
        #expect(Set(preview.lines[2].keys) == ["source", "line", "error"])
        #expect(error["code"] == "invalid_record")
        #expect(error["message"]?.stringValue?.contains("title") == true)
        #expect(error["fields"]?.arrayValue?.first?.objectValue?["field"] == "title")
        #expect(preview.stderr.contains("\(input.path):3"))

        // The same error objects as `validate --json` (and so `failures`) writes for these records.
        let validate = try await BinaryRunner(directory: directory).run(["validate", input.path, "--json"])
        let validated = try validate.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)).objectValue }
        #expect(validated.map { $0?["error"] } == preview.lines.filter { $0["error"] != nil }.map { $0["error"] })
        #expect(validated.map { $0?["line"] } == [.number("2"), .number("3")])
    }

    @Test func writesThePageWhereAskedAndHonoursLimit() async throws {
        let cli = BinaryRunner(directory: directory)
        let result = try await cli.run(["preview", "\(Self.samples)/orders.csv", "--mapping", "\(Self.samples)/orders-mapping.yaml", "--limit", "7"])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOf: directory.appendingPathComponent("plain-import-preview.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "<li class=\"entry").count - 1 == 7)
        #expect(page.contains("More records follow"))
        #expect(result.stderr.contains("open "))
        #expect(result.stdout.isEmpty, "the page goes to a file, not stdout")

        let named = try await cli.run(["preview", "\(Self.samples)/events.ndjson", "--output", "here.html", "--limit", "3"])
        #expect(named.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("here.html").path))
    }

    @Test func usageAndMappingErrorsExit2() async throws {
        let cli = BinaryRunner(directory: directory)
        let noMapping = try await cli.run(["preview", "\(Self.samples)/orders.csv"])
        #expect(noMapping.status == 2)
        let badMapping = directory.appendingPathComponent("bad.yaml")
        try Data("title: \"{{event}}\"\ncomponents:\n  - badge: { label: x, color: PURPLE }\n".utf8).write(to: badMapping)
        let mapping = try await cli.run(["preview", "\(Self.samples)/orders.csv", "--mapping", badMapping.path])
        #expect(mapping.status == 2)
        let missing = try await cli.run(["preview", directory.appendingPathComponent("absent.ndjson").path])
        #expect(missing.status == 2)
        let limit = try await cli.run(["preview", "\(Self.samples)/events.ndjson", "--limit", "0"])
        #expect(limit.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("plain-import-preview.html").path))
    }

    /// The page is the owner's only (0600, like the journal), whatever the umask.
    @Test func thePageIsPrivateWhateverTheUmask() async throws {
        var cli = BinaryRunner(directory: directory)
        cli.wrapper = ["/bin/sh", "-c", #"umask 000; exec "$0" "$@""#]
        let page = directory.appendingPathComponent("page.html").path
        let result = try await cli.run(["preview", "\(Self.samples)/events.ndjson", "--output", page])
        #expect(result.status == 0, "\(result.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: page)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600, "mode \(String(mode?.intValue ?? 0, radix: 8))")
    }

    /// A thread named by the workspace's own id shows which thread and customer it is, on the page
    /// and in `--json` (it showed neither).
    @Test func aThreadMappingShowsItsThreadAndCustomer() async throws {
        let csv = directory.appendingPathComponent("tickets.csv").path
        try Data("ticket,email,title\nT-1,a@example.com,Opened\n".utf8).write(to: URL(fileURLWithPath: csv))
        let mapping = directory.appendingPathComponent("threads.yaml").path
        try Data(
            """
            event: thread
            thread: { externalId: "{{ticket}}", customer: { email: "{{email}}" } }
            title: "{{title}}"

            """.utf8
        ).write(to: URL(fileURLWithPath: mapping))
        let preview = try await previewLines([csv, "--mapping", mapping])
        #expect(preview.status == 0, "\(preview.stderr)")
        let thread = preview.lines.first?["thread"]?.objectValue
        #expect(thread?["externalId"] == .string("T-1"))
        #expect(thread?["customer"] == .object(JSONObject(["emailAddress": .string("a@example.com")])))

        let page = directory.appendingPathComponent("threads.html").path
        let result = try await BinaryRunner(directory: directory).run(["preview", csv, "--mapping", mapping, "--output", page])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("thread externalId</span><span class=\"mono\">T-1"), "the page names the thread")
        #expect(html.contains("a@example.com"), "and its customer")
    }
}
