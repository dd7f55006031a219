import Foundation
import PlainFake
import Testing

@testable import PlainImport

/// SPEC §11 and §12.14/§12.16 through the real importer against the stand-in: a first small
/// run with `--limit`, and a run whose first answers are all the same refusal stopping itself.
@Suite struct OperatorTests: ImportTestSuite {
    let directory = temporaryDirectory()

    func orders(_ count: Int) -> (csv: String, mapping: String) {
        let csv = write(
            "order_id,email\n" + (1...count).map { "O-\($0),c\($0 % 7)@example.com" }.joined(separator: "\n") + "\n",
            to: "orders.csv",
            in: directory
        )
        let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"Order {{order_id}}\"\n", to: "m.yaml", in: directory)
        return (csv, mapping)
    }

    @Test func limitSendsAtMostNThenStopsResumably() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let (csv, mapping) = orders(30)
            var limited = try configuration(fake, inputs: [csv], mapping: mapping)
            limited.limit = 10
            let first = try await run(limited)
            #expect(first.run.created == 10)
            #expect(first.stopReason == .limitReached)
            #expect(first.verdict == .stoppedEarly)
            #expect(await fake.store.requests == 10)
            let second = try await run(limited)
            #expect(second.run.created == 10)
            #expect(second.verdict == .stoppedEarly)
            // Exactly 10 left: the run ends as it would without --limit.
            let third = try await run(limited)
            #expect(third.run.created == 10)
            #expect(third.stopReason == nil)
            #expect(third.verdict == .complete)
            #expect(await fake.store.events.count == 30)
            #expect(await fake.store.externalIdCounts().values.allSatisfy { $0 == 1 })
        }
    }

    @Test func fiftyIdenticalRefusalsStopTheRunWithExit1() async throws {
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = []
        try await PlainFake.withRunning(options: options) { fake in
            let (csv, mapping) = orders(400)
            let report = try await run(try configuration(fake, inputs: [csv], mapping: mapping))
            #expect(report.stopReason == .certainFailure)
            #expect(report.certainFailure?.code == "not_found")
            #expect(report.verdict == .someRecordsUnsettled)
            let sent = await fake.store.requests
            #expect(sent >= 50 && sent <= 50 + concurrency, "\(sent) requests")
            #expect(report.inputs.failed == sent)
            #expect(report.inputs.pending + report.inputs.failed <= 400)
        }
    }

    @Test func oneSuccessAmongTheFirstAnswersKeepsTheRunGoing() async throws {
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = ["c3@example.com"]
        try await PlainFake.withRunning(options: options) { fake in
            let (csv, mapping) = orders(120)
            let report = try await run(try configuration(fake, inputs: [csv], mapping: mapping))
            #expect(report.stopReason == nil)
            #expect(report.run.created + report.run.failed == 120)
        }
    }
}

extension OperatorTests {
    @Test func retryInvalidSendsExactlyTheRecordsTheFixedMappingNowMaps() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            // 40 rows; every fourth has no title, which the first mapping needs.
            let rows = (1...40).map { "O-\($0),c\($0 % 5)@example.com,\($0 % 4 == 0 ? "" : "Order \($0)")" }
            let csv = write("order_id,email,title\n" + rows.joined(separator: "\n") + "\n", to: "orders.csv", in: directory)
            let strict = write("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n", to: "strict.yaml", in: directory)
            let first = try await run(try configuration(fake, inputs: [csv], mapping: strict))
            #expect(first.run.created == 30)
            #expect(first.run.invalid == 10)

            let fixed = write("customer: { email: \"{{email}}\" }\ntitle: \"Order {{order_id}} {{title}}\"\n", to: "fixed.yaml", in: directory)
            // A changed mapping for a begun source is refused without --retry-invalid.
            await #expect(throws: ImportError.self) { _ = try await run(try configuration(fake, inputs: [csv], mapping: fixed)) }

            var retry = try configuration(fake, inputs: [csv], mapping: fixed)
            retry.retryInvalid = true
            let before = await fake.store.requests
            let second = try await run(retry)
            #expect(second.run.created == 10)
            #expect(await fake.store.requests - before == 10, "nothing already in Plain is sent again")
            #expect(second.verdict == .complete)
            #expect(second.inputs.invalid == 0)
            #expect(await fake.store.events.count == 40)

            // The new mapping is now the source's: a plain re-run is not refused and sends nothing.
            let third = try await run(try configuration(fake, inputs: [csv], mapping: fixed))
            #expect(third.run.requests == 0)
        }
    }
}

extension OperatorTests {
    @Test func failuresAreGroupedByCodeLargestFirst() async throws {
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = ["c1@example.com", "c2@example.com", "c3@example.com", "c4@example.com"]
        try await PlainFake.withRunning(options: options) { fake in
            // c0 does not exist (not_found, rows 5, 10, ...); rows 3, 6, ... have no title (invalid).
            let rows = (1...30).map { "O-\($0),c\($0 % 5)@example.com,\($0 % 3 == 0 ? "" : "Order \($0)")" }
            let csv = write("order_id,email,title\n" + rows.joined(separator: "\n") + "\n", to: "orders.csv", in: directory)
            let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n", to: "m.yaml", in: directory)
            _ = try await run(try configuration(fake, inputs: [csv], mapping: mapping))
            let groups = FailureGroup.groups(try Journal(path: journalPath, readOnly: true).failures())
            #expect(groups.map(\.code) == ["invalid_record", "not_found"])
            #expect(groups.map(\.count) == [10, 4])
            #expect(groups[0].examples.map(\.line) == [4, 7, 10])
            #expect(groups[0].message.contains("title"))
            #expect(groups[1].examples.map(\.line) == [6, 11, 21])
        }
    }
}
