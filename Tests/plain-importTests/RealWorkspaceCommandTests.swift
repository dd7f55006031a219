import Foundation
import PlainFake
import PlainImport
import Testing

/// `check`, `verify` and `import --retry-missing` through the real binary: exit codes and JSON.
@Suite(.serialized) struct RealWorkspaceCommandTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-workspace-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ text: String, _ name: String) -> String {
        let url = directory.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
        return url.path
    }

    var orders: String {
        write(
            "order_id,email,name\n" + (1...12).map { "O-\($0),c\($0 % 4)@example.com,Customer \($0 % 4)" }.joined(separator: "\n") + "\n",
            "orders.csv"
        )
    }

    var upsertMapping: String {
        write(
            """
            customer: { email: "{{email}}" }
            upsertCustomer: { fullName: "{{name}}" }
            title: "Order {{order_id}}"
            """,
            "mapping.yaml"
        )
    }

    @Test func checkExits5WhenTheKeyLacksCustomerCreateAndSendsNothing() async throws {
        var options = PlainFakeOptions.unthrottled
        options.permissions = ["customer:read", "customerEvent:create"]
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["check", orders, "--mapping", upsertMapping, "--json", "--rate", "600"])
            #expect(result.status == 5, "\(result.stderr)")
            let object = try JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue
            #expect(object?["missingPermissions"] == .array(["customer:create", "customer:edit"]))
            #expect(object?["workspace"]?.objectValue?["name"] == "Stand-in workspace")
            #expect(object?["records"]?.objectValue?["toSend"] == .number("12"))
            #expect(object?["customers"]?.objectValue?["checked"] == .number("4"))
            #expect(object?["rateLimit"]?.objectValue?["limit"] == .number("\(fake.options.rateLimit)"))
            #expect(object?["exitCode"] == .number("5"))
            #expect(await fake.store.events.isEmpty)
            #expect(await fake.store.operations["upsertCustomer"] == nil)

            let text = try await cli.run(["check", orders, "--mapping", upsertMapping])
            #expect(text.status == 5)
            #expect(text.stdout.contains("MISSING permissions for this mapping: customer:create, customer:edit"), "\(text.stdout)")
        }
    }

    @Test func failuresSummaryGroupsByCode() async throws {
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = ["c1@example.com", "c2@example.com", "c3@example.com"]
        try await PlainFake.withRunning(options: options) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"Order {{order_id}}\"\n", "plain.yaml")
            let imported = try await cli.run(["import", orders, "--mapping", mapping, "--rate", "60000"])
            #expect(imported.status == 1, "\(imported.stderr)")
            let json = try await cli.run(["failures", "--json", "--summary"])
            let groups = try JSONParser.parse(json.stdout).arrayValue
            #expect(groups?.count == 1)
            #expect(groups?.first?.objectValue?["code"] == "not_found")
            #expect(groups?.first?.objectValue?["count"] == .number("3"))
            #expect(groups?.first?.objectValue?["examples"]?.arrayValue?.count == 3)
            let text = try await cli.run(["failures", "--summary"])
            #expect(text.stdout.contains("3  not_found: Customer not found"), "\(text.stdout)")
            // Piped without --summary: the NDJSON export, one line per record.
            #expect(try await cli.run(["failures"]).stdout.split(separator: "\n").count == 3)
        }
    }

    @Test func statusTellsUnreadBytesAndAnETA() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"Order {{order_id}}\"\n", "plain.yaml")
            let file = orders
            let first = try await cli.run(["import", file, "--mapping", mapping, "--rate", "60000", "--limit", "5"])
            #expect(first.status == 3, "\(first.stderr)")
            #expect(first.stderr.contains("--limit reached: 5 events sent"), "\(first.stderr)")
            let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
            let status = try JSONParser.parse(try await cli.run(["status", "--json"]).stdout).objectValue
            let source = status?["sources"]?.arrayValue?.first?.objectValue
            guard case .number(let checkpoint)? = source?["checkpoint"]?.objectValue?["offset"] else {
                Issue.record("no checkpoint")
                return
            }
            #expect(source?["unreadBytes"] == .number("\(size - (Int(checkpoint) ?? 0))"))
            #expect(status?["total"]?.objectValue?["unreadBytes"] == source?["unreadBytes"])
            guard case .number(let eta)? = source?["etaSeconds"] else {
                Issue.record("no ETA after a run that sent events: \(String(describing: source))")
                return
            }
            #expect((Double(eta) ?? 0) > 0)
            let text = try await cli.run(["status"])
            #expect(text.stdout.contains("left: 0 pending, "), "\(text.stdout)")

            #expect(try await cli.run(["import", file, "--mapping", mapping, "--rate", "60000"]).status == 0)
            let done = try JSONParser.parse(try await cli.run(["status", "--json"]).stdout).objectValue?["total"]?.objectValue
            #expect(done?["unreadBytes"] == .number("0"))
            #expect(done?["etaSeconds"] == .number("0"))
        }
    }

    @Test func checkIsReadyWithEveryPermissionAndAnUpsertMapping() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let result = try await cli.run(["check", orders, "--mapping", upsertMapping])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("12 to send"), "the report is on stdout: \(result.stdout)")
            let refused = try await BinaryRunner(directory: directory, against: fake, key: "wrong").run(["check", "--json"])
            #expect(refused.status == 5, "\(refused.stderr)")
        }
    }

    @Test func verifyFindsWhatPlainLostAndRetryMissingSendsItAgain() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let cli = BinaryRunner(directory: directory, against: fake)
            let imported = try await cli.run(["import", orders, "--mapping", upsertMapping, "--rate", "60000"])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stderr.contains("customers: 0 created, 4 already in Plain"), "\(imported.stderr)")
            let status = try await cli.run(["status", "--json"])
            let customers = try JSONParser.parse(status.stdout).objectValue?["customers"]?.objectValue
            #expect(customers?["existing"] == .number("4") && customers?["created"] == .number("0"), "\(status.stdout)")
            #expect(try await cli.run(["status"]).stdout.contains("customers: 0 created, 4 existing, 0 failed"))
            let lost = await fake.store.events.prefix(2).compactMap(\.externalId)
            await fake.store.lose(externalIds: Set(lost))

            let verify = try await cli.run(["verify", "--json"])
            #expect(verify.status == 1, "\(verify.stderr)")
            let object = try JSONParser.parse(verify.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue
            #expect(object?["checked"] == .number("12"))
            #expect(object?["found"] == .number("10"))
            #expect(Set(object?["missing"]?.arrayValue?.compactMap { $0.objectValue?["externalId"]?.stringValue } ?? []) == Set(lost))

            let retry = try await cli.run(["import", orders, "--mapping", upsertMapping, "--retry-missing", "--json", "--rate", "60000"])
            #expect(retry.status == 0, "\(retry.stderr)")
            #expect(try JSONParser.parse(retry.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).objectValue?["created"] == .number("2"))
            #expect(await fake.store.events.count == 12)

            // Nothing failed: the grouped summary says so; piped, the NDJSON export is empty.
            let none = try await cli.run(["failures", "--summary"])
            #expect(none.stdout.hasPrefix("no failed or invalid records"), "\(none.stdout)")
            #expect(try await cli.run(["failures"]).stdout.isEmpty)

            let clean = try await cli.run(["verify", "--sample", "5"])
            #expect(clean.status == 0, "\(clean.stderr)")
            #expect(clean.stdout.contains("total") && clean.stdout.contains(" 5       5     0"), "the table is on stdout: \(clean.stdout)")
        }
    }
}

/// What an operator sees when the endpoint is wrong (issue 9): the cause at once, once.
@Suite struct UnreachableEndpointTests {
    @Test func aClosedPortIsSaidAtOnceAndTheRunGivesUp() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-unreachable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples").path
        let cli = BinaryRunner(directory: directory, environment: ["PLAIN_API_KEY": "k", "PLAIN_API_URL": "http://127.0.0.1:9/graphql/v1"])
        let result = try await cli.run(["import", "\(samples)/events.ndjson", "--give-up-after", "2s", "--max-attempts", "50"])
        #expect(result.status == 3, "\(result.stderr)")
        let said = result.stderr.components(separatedBy: "cannot reach Plain at http://127.0.0.1:9/graphql/v1: connection refused").count - 1
        #expect(said == 1, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "Plain has not answered successfully").count - 1 == 1, "\(result.stderr)")
        #expect(result.stderr.contains("Plain never answered: check --endpoint"), "\(result.stderr)")
        // The stop is said once, in words: no internal name, no second "stopping".
        #expect(result.stderr.components(separatedBy: "stopping").count - 1 == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("plainUnavailable"), "\(result.stderr)")
    }

    /// A `--limit` stop is said in words (the summary's, and at most one line while draining).
    @Test func aLimitStopIsSaidInWordsOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-limit-words-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let samples = BinaryRunner.repositoryRoot.appendingPathComponent("samples").path
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let result = try await BinaryRunner(directory: directory, against: fake).run(
                ["import", "\(samples)/events.ndjson", "--limit", "5", "--rate", "600000"]
            )
            #expect(result.status == 3, "\(result.stderr)")
            #expect(!result.stderr.contains("limitReached"), "\(result.stderr)")
            let said = result.stderr.components(separatedBy: "--limit reached").count - 1
            let drained = result.stderr.components(separatedBy: "the events asked for were sent").count - 1
            #expect(said == 1 && drained <= 1, "\(result.stderr)")
        }
    }
}

/// The live line on a terminal and the log line off one (SPEC §11), through the real binary.
@Suite(.serialized) struct ProgressOutputTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-progress-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// 40 rows, every fifth without a title (a warning each), and a mapping.
    func inputs() -> (csv: String, mapping: String) {
        let rows = (1...40).map { "O-\($0),c\($0 % 3)@example.com,\($0 % 5 == 0 ? "" : "Order \($0)")" }
        let csv = directory.appendingPathComponent("orders.csv")
        let mapping = directory.appendingPathComponent("m.yaml")
        _ = FileManager.default.createFile(atPath: csv.path, contents: Data(("order_id,email,title\n" + rows.joined(separator: "\n") + "\n").utf8))
        _ = FileManager.default.createFile(atPath: mapping.path, contents: Data("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n".utf8))
        return (csv.path, mapping.path)
    }

    /// Ctrl-C twice on a terminal: the last thing shown is the exit message on a line of its
    /// own, not the live line with the shell's prompt glued to it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) from util-linux for a pseudo-terminal"))
    func twoSignalsOnATerminalLeaveNoLiveLineBehind() async throws {
        var options = PlainFakeOptions.unthrottled
        // Answers slow enough that requests are still in flight when the second signal comes.
        options.latency = .seconds(5)
        try await PlainFake.withRunning(options: options) { fake in
            let (csv, mapping) = inputs()
            let binary = [BinaryRunner.executable.path, "import", csv, "--mapping", mapping, "--rate", "600", "--concurrency", "2"]
                .map { "'\($0)'" }.joined(separator: " ")
            // The import in the background of the terminal's shell, signalled twice once the
            // stand-in has seen a request (the test creates `go` then): no guess at start-up time.
            let go = directory.appendingPathComponent("go-\(UUID().uuidString)").path
            let command =
                "\(binary) & pid=$!; while [ ! -e '\(go)' ]; do sleep 0.05; done; sleep 0.3; kill -INT $pid; sleep 0.5; kill -INT $pid; wait $pid"
            let cli = BinaryRunner(directory: directory, against: fake)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qfec", command, "/dev/null"]
            process.currentDirectoryURL = directory
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in cli.environment { environment[key] = value }
            process.environment = environment
            let output = directory.appendingPathComponent("tty-signals.out")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            await BinaryRunner.waitForRequests(at: fake)
            _ = FileManager.default.createFile(atPath: go, contents: nil)
            await BinaryRunner.wait(process)
            let text = try String(contentsOf: output, encoding: .utf8)
            #expect(text.contains("second signal, exiting now"), "\(text)")
            // The terminal writes each line end as CR LF.
            let tail = (text.components(separatedBy: "second signal, exiting now").last ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            #expect(tail.hasSuffix("\n"), "ends on a clean line: \(tail.debugDescription)")
            #expect(!tail.contains("\r") && !tail.contains("\u{1B}"), "nothing drawn after the exit message: \(tail.debugDescription)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) from util-linux for a pseudo-terminal"))
    func onATerminalTheLiveLineRedrawsAndLogLinesAreNeverGluedToIt() async throws {
        var options = PlainFakeOptions.unthrottled
        options.latency = .milliseconds(50)
        try await PlainFake.withRunning(options: options) { fake in
            let (csv, mapping) = inputs()
            let command = [BinaryRunner.executable.path, "import", csv, "--mapping", mapping, "--rate", "600", "--concurrency", "2"]
                .map { "'\($0)'" }.joined(separator: " ")
            // script(1) runs the command on a pseudo-terminal and copies what it shows to stdout.
            let cli = BinaryRunner(directory: directory, against: fake)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qfec", command, "/dev/null"]
            process.currentDirectoryURL = directory
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in cli.environment { environment[key] = value }
            process.environment = environment
            let output = directory.appendingPathComponent("tty.out")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            await BinaryRunner.wait(process)
            let text = try String(contentsOf: output, encoding: .utf8)
            #expect(process.terminationStatus == 1, "\(text)")
            #expect(text.contains("\r\u{1B}[2K"), "the live line is drawn in place")
            #expect(text.contains(" / 40 done"), "the live line knows the total: \(text)")
            // Every log line starts on a clean line: at the start, after a line break, or after the clear.
            var searchStart = text.startIndex
            var warnings = 0
            while let found = text.range(of: " warning plain-import:", range: searchStart..<text.endIndex) {
                let lineStart = text[..<found.lowerBound].lastIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{1B}" }) ?? text.startIndex
                let before = text[..<found.lowerBound]
                let glued = before.hasSuffix("done") || text[lineStart..<found.lowerBound].contains("|")
                #expect(!glued, "a log line glued to the live line: \(text[lineStart..<found.upperBound])")
                warnings += 1
                searchStart = found.upperBound
            }
            #expect(warnings == 8, "\(text)")
        }
    }

    @Test func offATerminalProgressIsALogLineWithTheSameFigures() async throws {
        var options = PlainFakeOptions.unthrottled
        options.latency = .milliseconds(50)
        try await PlainFake.withRunning(options: options) { fake in
            let (csv, mapping) = inputs()
            let result = try await BinaryRunner(directory: directory, against: fake).run([
                "import", csv, "--mapping", mapping, "--rate", "600", "--concurrency", "2", "--progress-every", "1s",
            ])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}["), "no terminal codes in a log")
            #expect(result.stderr.contains("progress: "), "\(result.stderr)")
            #expect(result.stderr.contains(" / 40 done | "), "\(result.stderr)")
            // A log line like every other: its time first (issue 20.7), and the counts it shows
            // say which are this run's.
            let progress = result.stderr.split(separator: "\n").filter { $0.contains("progress: ") }
            #expect(!progress.isEmpty)
            for line in progress {
                #expect(
                    line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ info plain-import: progress: "#, options: .regularExpression) != nil,
                    "\(line)"
                )
                #expect(line.contains("this run: failed"), "\(line)")
                // Never more requests in flight than --concurrency allows.
                if let match = line.range(of: #"in flight \d+/"#, options: .regularExpression) {
                    let figure = Int(line[match].dropFirst("in flight ".count).dropLast()) ?? 99
                    #expect(figure <= 2, "\(line)")
                }
            }
        }
    }
}
