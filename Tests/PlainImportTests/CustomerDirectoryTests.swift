import Foundation
import Logging
import PlainFake
import Testing

@testable import PlainImport

/// Customers and threads before their events: one request per customer or thread per journal,
/// however many events ask at once, and the answers kept. Real HTTP to the stand-in on loopback,
/// a real journal file.
@Suite struct CustomerDirectoryTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-directory-\(UUID().uuidString)")
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func directory(_ fake: PlainFake, journal: Journal) throws -> (CustomerDirectory, PlainClient) {
        var configuration = ImportConfiguration(inputs: [])
        configuration.endpoint = fake.endpoint
        configuration.apiKey = try APIKey(fake.options.apiKey)
        configuration.rate = 600_000
        let monitor = RunMonitor()
        let (client, uploader) = try configuration.connect(monitor: monitor, logger: logger)
        return (CustomerDirectory(journal: journal, uploader: uploader, monitor: monitor, retryFailed: false, logger: logger), client)
    }

    func upsertEvent(_ email: String, _ n: Int) -> EventInput {
        let identifier = CustomerIdentifier(key: .emailAddress, value: email)
        let upsert = JSONObject([
            "identifier": .object(identifier.json),
            "onCreate": .object(
                JSONObject(["fullName": .string(email), "email": .object(JSONObject(["email": .string(email), "isVerified": .bool(false)]))])
            ),
            "onUpdate": .object(JSONObject()),
        ])
        return EventInput(
            kind: .customer,
            input: JSONObject(["customerIdentifier": .object(identifier.json), "title": .string("e\(n)"), "components": .array([])]),
            externalId: "ev-\(email)-\(n)",
            prerequisite: .customer(identifier, upsert: upsert)
        )
    }

    @Test func twentyConcurrentEventsOfOneCustomerMakeOneUpsert() async throws {
        let journal = try Journal(path: directory.appendingPathComponent("journal.db").path)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let (customers, client) = try directory(fake, journal: journal)
            let ids = await withTaskGroup(of: String?.self) { group in
                for n in 1...20 {
                    group.addTask {
                        if case .ready(_, let parentId) = await customers.prepare(upsertEvent("one@example.com", n)) { return parentId }
                        return nil
                    }
                }
                return await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(Set(ids).count == 1 && ids.allSatisfy { $0 != nil }, "every event on the one customer: \(ids)")
            #expect(await fake.store.operations["upsertCustomer"] == 1)
            await client.shutdown()
        }
        // Another run on the same journal asks nothing: the answer is kept.
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let (customers, client) = try directory(fake, journal: journal)
            guard case .ready = await customers.prepare(upsertEvent("one@example.com", 21)) else {
                Issue.record("not ready")
                return
            }
            #expect(await fake.store.requests == 0)
            await client.shutdown()
        }
    }

    @Test func aRefusedUpsertFailsItsEventsAndIsNotAskedAgain() async throws {
        let journal = try Journal(path: directory.appendingPathComponent("journal.db").path)
        var options = PlainFakeOptions.unthrottled
        options.refusedCustomers = ["bad@example.com"]
        try await PlainFake.withRunning(options: options) { fake in
            let (customers, client) = try directory(fake, journal: journal)
            for n in 1...3 {
                guard case .failed(let failure) = await customers.prepare(upsertEvent("bad@example.com", n)) else {
                    Issue.record("event \(n) not failed")
                    continue
                }
                #expect(failure.code == "customer.input_validation")
            }
            #expect(await fake.store.operations["upsertCustomer"] == 1)
            await client.shutdown()
        }
    }

    @Test func anUnknownThreadFailsWithoutAnEventRequest() async throws {
        let journal = try Journal(path: directory.appendingPathComponent("journal.db").path)
        var options = PlainFakeOptions.unthrottled
        options.threadsByExternalId = ["known": "th_known"]
        options.knownThreads = []
        try await PlainFake.withRunning(options: options) { fake in
            let (customers, client) = try directory(fake, journal: journal)
            let customer = CustomerIdentifier(key: .emailAddress, value: "c@example.com")
            func event(_ thread: String) -> EventInput {
                EventInput(
                    kind: .thread,
                    input: JSONObject(["title": .string("t"), "components": .array([])]),
                    externalId: "ev-\(thread)",
                    prerequisite: .thread(customer: customer, externalId: thread)
                )
            }
            guard case .ready(let ready, let parentId) = await customers.prepare(event("known")) else {
                Issue.record("known thread not ready")
                return
            }
            #expect(parentId == "th_known")
            #expect(ready.input["threadId"] == .string("th_known"))
            guard case .failed(let failure) = await customers.prepare(event("unknown")) else {
                Issue.record("unknown thread not failed")
                return
            }
            #expect(failure.code == "thread_not_found")
            #expect(await fake.store.operations["createThreadEvent"] == nil, "no event request")
            await client.shutdown()
        }
    }
}
