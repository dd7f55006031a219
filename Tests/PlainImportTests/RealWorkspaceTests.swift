import Foundation
import Logging
import PlainFake
import Testing

@testable import PlainImport

/// SPEC §8–§10 through the real importer, journal and HTTP client against the stand-in:
/// customers upserted before their events, threads found by the workspace's own ids, `check`
/// before and `verify` after.
@Suite struct RealWorkspaceTests: ImportTestSuite {
    let directory = temporaryDirectory()

    /// `rows` CSV rows over `customers` customers (round robin), `customer-<n>@example.com`.
    func ordersCSV(rows: Int, customers: Int, first: Int = 0, name: String = "orders.csv") -> String {
        var text = "order_id,email,name,ticket\n"
        for index in first..<(first + rows) {
            text += "ORD-\(index),customer-\(index % customers)@example.com,Customer \(index % customers),T-\(index % 3 + 1)\n"
        }
        return write(text, to: name, in: directory)
    }

    var upsertMapping: String {
        write(
            """
            customer: { email: "{{email}}" }
            upsertCustomer:
              fullName: "{{name}}"
            title: "Order {{order_id}}"
            components:
              - text: "Order **{{order_id}}**"
            """,
            to: "upsert.yaml",
            in: directory
        )
    }

    @Test func newCustomersAreUpsertedOnceEachBeforeTheirEvents() async throws {
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = ["customer-0@example.com", "customer-1@example.com"]
        try await PlainFake.withRunning(options: options) { fake in
            let csv = ordersCSV(rows: 30, customers: 10)
            let report = try await run(try configuration(fake, inputs: [csv], mapping: upsertMapping))
            #expect(report.verdict == .complete)
            // The stand-in answers not_found for an event whose customer does not exist yet:
            // 30 created means every event came after its customer's upsert.
            #expect(report.run.created == 30)
            #expect(report.run.customersCreated == 8)
            #expect(report.run.customersExisting == 2)
            #expect(await fake.store.operations["upsertCustomer"] == 10)
            #expect(await fake.store.customersCreated == 8)

            // New rows for the same customers: the journal knows them; no upsert is sent.
            let more = ordersCSV(rows: 10, customers: 10, first: 30, name: "more.csv")
            let second = try await run(try configuration(fake, inputs: [more], mapping: upsertMapping))
            #expect(second.run.created == 10)
            #expect(second.run.customersCreated + second.run.customersExisting == 0)
            #expect(await fake.store.operations["upsertCustomer"] == 10)
            let counts = try Journal(path: journalPath, readOnly: true).customerCounts()
            #expect(
                counts
                    == {
                        var expected = CustomerCounts()
                        expected.created = 8
                        expected.existing = 2
                        return expected
                    }()
            )
        }
    }

    @Test func aRefusedUpsertFailsThatCustomersEventsWithoutSendingThem() async throws {
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = []
        options.refusedCustomers = ["customer-2@example.com"]
        try await PlainFake.withRunning(options: options) { fake in
            let csv = ordersCSV(rows: 12, customers: 4)
            let report = try await run(try configuration(fake, inputs: [csv], mapping: upsertMapping))
            #expect(report.verdict == .someRecordsUnsettled)
            #expect(report.run.created == 9)
            #expect(report.run.failed == 3)
            #expect(report.run.customersFailed == 1)
            #expect(await fake.store.operations["createCustomerEvent"] == 9, "no event of the refused customer was sent")
            let failures = try Journal(path: journalPath, readOnly: true).failures()
            #expect(failures.count == 3)
            #expect(failures.allSatisfy { $0.errorCode == "customer.input_validation" })
            #expect(failures.map(\.line) == [4, 8, 12])

            // Remembered: a later run does not ask again for this customer.
            let more = ordersCSV(rows: 4, customers: 4, first: 12, name: "more.csv")
            let second = try await run(try configuration(fake, inputs: [more], mapping: upsertMapping))
            #expect(second.run.failed == 1)
            #expect(await fake.store.operations["upsertCustomer"] == 4)
        }
    }

    @Test func threadsFoundByTheirOwnIdAreLookedUpOnceAndCached() async throws {
        var options = PlainFakeOptions.unthrottled
        options.knownThreads = []
        options.threadsByExternalId = ["T-1": "th_one", "T-2": "th_two"]
        try await PlainFake.withRunning(options: options) { fake in
            let mapping = write(
                """
                event: thread
                thread:
                  externalId: "{{ticket}}"
                  customer: { email: "{{email}}" }
                title: "Order {{order_id}}"
                components:
                  - text: "Order {{order_id}}"
                """,
                to: "thread.yaml",
                in: directory
            )
            // 12 rows, one customer, tickets T-1, T-2, T-3 in turn; T-3 does not exist.
            let csv = ordersCSV(rows: 12, customers: 1)
            let report = try await run(try configuration(fake, inputs: [csv], mapping: mapping))
            #expect(report.run.created == 8)
            #expect(report.run.failed == 4)
            #expect(await fake.store.operations["createThreadEvent"] == 8, "no event request for an unknown thread")
            #expect(await fake.store.operations["customerByEmail"] == 1)
            #expect(await fake.store.operations["threadByExternalId"] == 3)
            let threads = Set(await fake.store.events.compactMap(\.threadId))
            #expect(threads == ["th_one", "th_two"])
            let failures = try Journal(path: journalPath, readOnly: true).failures()
            #expect(failures.allSatisfy { $0.errorCode == "thread_not_found" })

            // The derived externalId is computed over the input as sent, with Plain's thread id.
            let first = await fake.store.events[0]
            var bare = first.input
            bare["externalId"] = nil
            #expect(first.externalId == EventInput.derivedExternalId(kind: .thread, input: bare))

            let more = ordersCSV(rows: 6, customers: 1, first: 12, name: "more.csv")
            let second = try await run(try configuration(fake, inputs: [more], mapping: mapping))
            #expect(second.run.created == 4)
            #expect(second.run.lookups == 0)
            #expect(await fake.store.operations["threadByExternalId"] == 3)
        }
    }

    @Test func checkFindsAMissingPermissionAndSendsNoMutation() async throws {
        var options = PlainFakeOptions.unthrottled
        options.permissions = ["customer:read", "customerEvent:create"]
        options.knownCustomers = ["customer-0@example.com"]
        try await PlainFake.withRunning(options: options) { fake in
            let csv = ordersCSV(rows: 9, customers: 3)
            var configuration = try configuration(fake, inputs: [csv], mapping: upsertMapping)
            configuration.rate = 600
            let report = try await Checker(configuration: configuration, customersToCheck: 20, logger: quiet).run()
            #expect(report.workspace?.name == "Stand-in workspace")
            #expect(report.missingPermissions == ["customer:create", "customer:edit"])
            #expect(report.rateLimit?.limit == fake.options.rateLimit)
            #expect(report.inputs?.toSend == 9)
            #expect(report.inputs?.preparations == 3)
            #expect(report.inputs?.customersChecked == 3)
            #expect(report.inputs?.customersFound == 1)
            #expect(report.inputs?.customersMissing == ["customer-1@example.com", "customer-2@example.com"])
            // (9 events + 3 upserts) at 600 per minute.
            #expect(report.inputs?.estimatedSeconds == 1.2)
            let operations = await fake.store.operations
            #expect(operations.keys.sorted() == ["customerByEmail", "workspaceAndPermissions"])
            #expect(await fake.store.events.isEmpty)
        }
    }

    @Test func verifyFindsLostEventsAndRetryMissingRestoresThem() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let csv = ordersCSV(rows: 20, customers: 4)
            let ndjson = write(
                (1...10).map { #"{"threadId":"th_\#($0 % 2)","title":"Thread event \#($0)","components":[]}"# }.joined(separator: "\n"),
                to: "thread-events.ndjson",
                in: directory
            )
            let mapping = write(
                """
                customer: { email: "{{email}}" }
                title: "Order {{order_id}}"
                """,
                to: "plain.yaml",
                in: directory
            )
            #expect(try await run(try configuration(fake, inputs: [csv], mapping: mapping)).run.created == 20)
            #expect(try await run(try configuration(fake, inputs: [ndjson], mapping: nil)).run.created == 10)
            let events = await fake.store.events
            let lost: Set<String> = [events[3], events[17], events[25]].compactMap(\.externalId).reduce(into: []) { $0.insert($1) }
            await fake.store.lose(externalIds: lost)

            var verifyConfiguration = try configuration(fake, inputs: [], mapping: nil)
            verifyConfiguration.inputs = []
            let verify = try await Verifier(configuration: verifyConfiguration, sample: nil, logger: quiet).run()
            #expect(verify.checked == 30)
            #expect(verify.found == 27)
            #expect(Set(verify.missing.map(\.externalId)) == lost)
            #expect(verify.unchecked == 0)

            // Sent again, with the same externalIds, and nothing else.
            var csvAgain = try configuration(fake, inputs: [csv], mapping: mapping)
            csvAgain.retryMissing = true
            let firstRetry = try await run(csvAgain)
            var ndjsonAgain = try configuration(fake, inputs: [ndjson], mapping: nil)
            ndjsonAgain.retryMissing = true
            let secondRetry = try await run(ndjsonAgain)
            #expect(firstRetry.run.created + secondRetry.run.created == 3)
            #expect(firstRetry.verdict == .complete && secondRetry.verdict == .complete)
            #expect(await fake.store.events.count == 30)
            #expect(await fake.store.externalIdCounts().values.allSatisfy { $0 == 1 })

            let again = try await Verifier(configuration: verifyConfiguration, sample: nil, logger: quiet).run()
            #expect(again.missing.isEmpty)
            #expect(again.found == 30)

            // A sample is reproducible: the journal seeds it.
            let journal = try Journal(path: journalPath, readOnly: true)
            let sample = try journal.recordsInPlain(sample: 7)
            #expect(sample.count == 7)
            #expect(try journal.recordsInPlain(sample: 7) == sample)
        }
    }

    @Test func verifyPagesThroughLongTimelinesAndLooksUpCustomersOfDuplicates() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            // 250 events of one customer: three pages of 100.
            let csv = ordersCSV(rows: 250, customers: 1)
            let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"Order {{order_id}}\"\n", to: "plain.yaml", in: directory)
            #expect(try await run(try configuration(fake, inputs: [csv], mapping: mapping)).run.created == 250)
            // A new journal: every record is answered as a duplicate, so Plain never says whose
            // timeline it is on; verify looks the customer up once.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journalPath + suffix) }
            #expect(try await run(try configuration(fake, inputs: [csv], mapping: mapping)).run.duplicates == 250)
            let last = await fake.store.events[249].externalId ?? ""
            await fake.store.lose(externalIds: [last])
            let before = await fake.store.operations
            let verify = try await Verifier(configuration: try configuration(fake, inputs: [], mapping: nil), sample: nil, logger: quiet).run()
            #expect(verify.checked == 250)
            #expect(verify.missing.map(\.externalId) == [last])
            let after = await fake.store.operations
            #expect(after["customerByEmail", default: 0] - before["customerByEmail", default: 0] == 1)
            #expect(after["customerTimeline", default: 0] - before["customerTimeline", default: 0] == 3)
        }
    }

    @Test func aWorkspaceTheKeyCannotReadIsUnknownNotAFailure() async throws {
        var options = PlainFakeOptions.unthrottled
        options.refuseWorkspace = true
        try await PlainFake.withRunning(options: options) { fake in
            let report = try await Checker(
                configuration: try configuration(fake, inputs: [], mapping: upsertMapping),
                customersToCheck: 5,
                logger: quiet
            )
            .run()
            #expect(report.workspace == nil)
            #expect(report.keyRefused == nil)
            #expect(report.missingPermissions.isEmpty)
            #expect(report.permissions.contains("customer:create"))
            #expect(report.inputs == nil)
        }
    }
}
