import Foundation
import PlainFake
import PlainImport
import Testing

/// Reports never count a refused look-up as a success (issue 18.9), through the binary:
/// `verify` with timelines Plain refuses, `check` with customer look-ups Plain refuses.
@Suite struct RefusedLookupTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-refused-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Three events for each of `customers` customers.
    func events(customers: Int) throws -> String {
        let path = directory.appendingPathComponent("events.ndjson").path
        let lines = (1...customers).flatMap { customer in
            (1...3).map { n in
                #"{"customerIdentifier":{"emailAddress":"u\#(customer)@example.com"},"title":"Event \#(customer)-\#(n)","externalId":"ev-\#(customer)-\#(n)","components":[{"componentText":{"text":"t"}}]}"#
            }
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// 30 events of 10 customers in Plain; the timelines of 4 customers are refused: 12 records
    /// are not checked, and verify exits 1 saying so (old code: exit 0).
    @Test func verifyDoesNotPassWhatItCouldNotCheck() async throws {
        let input = try events(customers: 10)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let imported = try await cli.run(["import", input, "--rate", "600000"])
            #expect(imported.status == 0, "\(imported.stderr)")
            await fake.store.refuseLookups(of: ["u1@example.com", "u2@example.com", "u3@example.com", "u4@example.com"])
            let verify = try await cli.run(["verify", "--rate", "600000", "--json"])
            #expect(verify.status == 1, "\(verify.stderr)")
            let report = try JSONParser.parse(verify.stdout).objectValue
            #expect(report?["checked"] == .number("18"), "\(verify.stdout)")
            #expect(report?["found"] == .number("18"), "\(verify.stdout)")
            #expect(report?["unchecked"] == .number("12"), "\(verify.stdout)")
            #expect(report?["missing"] == .array([]), "nothing is called missing that was not checked")
            let table = try await cli.run(["verify", "--rate", "600000"])
            #expect(table.status == 1)
            #expect(table.stdout.contains("12 records not checked"), "the report is on stdout: \(table.stdout)")
        }
    }

    /// 20 customers to look up, 7 refused: check says 13 of the first 20 exist and 7 could not
    /// be looked up, and exits 1 (old code: "13 of the first 13 exist", exit 0).
    @Test func checkCountsRefusedLookUpsAsNeitherFoundNorMissing() async throws {
        let input = try events(customers: 20)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            await fake.store.refuseLookups(of: Set((1...7).map { "u\($0)@example.com" }))
            let cli = BinaryRunner(directory: directory, against: fake)
            let check = try await cli.run(["check", input, "--rate", "600000"])
            #expect(check.status == 1, "\(check.stderr)")
            let text = check.stdout + check.stderr
            #expect(text.contains("customers: 13 of the first 20 exist in Plain"), "\(text)")
            #expect(text.contains("7 of them could not be looked up"), "\(text)")
            let json = try await cli.run(["check", input, "--rate", "600000", "--json"])
            let customers = try JSONParser.parse(json.stdout).objectValue?["customers"]?.objectValue
            #expect(customers?["notLookedUp"] == .number("7"), "\(json.stdout)")
            #expect(customers?["found"] == .number("13"), "\(json.stdout)")
        }
    }

    /// check on a thread mapping looks up the first threads within their customers and says how
    /// many exist; it never advises an upsertCustomer: section, which a thread mapping cannot have.
    @Test func checkLooksUpThreadsOfAThreadMapping() async throws {
        let csv = directory.appendingPathComponent("tickets.csv").path
        try Data("ticket,email,title\nT-1,a@example.com,One\nT-2,a@example.com,Two\nT-1,a@example.com,Again\n".utf8)
            .write(to: URL(fileURLWithPath: csv))
        let mapping = directory.appendingPathComponent("threads.yaml").path
        try Data(
            """
            event: thread
            thread: { externalId: "{{ticket}}", customer: { email: "{{email}}" } }
            title: "{{title}}"

            """.utf8
        ).write(to: URL(fileURLWithPath: mapping))
        var options = PlainFakeOptions.unthrottled
        options.threadsByExternalId = ["T-1": "th_1"]
        options.knownThreads = []
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let text = try await cli.run(["check", csv, "--mapping", mapping, "--rate", "600000"])
            #expect(text.status == 1, "\(text.stderr)")
            let said = text.stdout + text.stderr
            #expect(said.contains("threads: 1 of the first 2 exist in Plain"), "\(said)")
            #expect(said.contains("a@example.com/T-2"), "\(said)")
            #expect(!said.contains("upsertCustomer"), "\(said)")
            let json = try await cli.run(["check", csv, "--mapping", mapping, "--rate", "600000", "--json"])
            let threads = try JSONParser.parse(json.stdout).objectValue?["threads"]?.objectValue
            #expect(threads?["checked"] == .number("2") && threads?["found"] == .number("1"), "\(json.stdout)")
            #expect(await fake.store.operations["threadByExternalId"] == 4, "two threads, looked up by each check")
        }
    }
}
