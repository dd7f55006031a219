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
            #expect(CertainFailure.advice(for: "not_found").contains("upsertCustomer:"))
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
