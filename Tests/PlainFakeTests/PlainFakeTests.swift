import Foundation
import Logging
import PlainFake
import PlainImport
import Testing

@Suite struct PlainFakeTests {
    let logger = Logger(label: "test")

    func event(_ email: String, externalId: String? = nil, text: String = "hello") -> EventInput {
        EventInput(
            kind: .customer,
            input: JSONObject([
                "customerIdentifier": .object(JSONObject(["emailAddress": .string(email)])),
                "title": "t",
                "components": .array([.object(JSONObject(["componentText": .object(JSONObject(["text": .string(text)]))]))]),
            ]),
            externalId: externalId
        )
    }

    @Test func behavesAsPlainIsDescribed() async throws {
        var options = PlainFakeOptions()
        options.knownCustomers = ["a@example.com"]
        options.rateLimit = 100
        try await PlainFake.withRunning(options: options) { fake in
            let client = PlainClient(
                endpoint: try PlainEndpoint(fake.endpoint),
                apiKey: try APIKey(fake.options.apiKey),
                maximumConnections: 4,
                logger: logger
            )
            let first = await send(client, event("a@example.com", externalId: "e1"))
            guard case .created(let id) = first.answer else {
                Issue.record("not created: \(first.answer)")
                return
            }
            #expect(id.hasPrefix("ce_"))
            #expect(first.rateLimit.limit == 100)
            #expect(first.rateLimit.remaining == 99)
            #expect(first.rateLimit.reset.map { $0 > Date() } == true)
            #expect(first.requestId != nil)

            let again = await send(client, event("a@example.com", externalId: "e1"))
            guard case .failed(let duplicate) = again.answer else {
                Issue.record("repeat accepted")
                return
            }
            #expect(duplicate.isDuplicateExternalId)
            #expect(duplicate.requestId != nil)

            let unknown = await send(client, event("nobody@example.com"))
            guard case .failed(let notFound) = unknown.answer else {
                Issue.record("unknown customer accepted")
                return
            }
            #expect(notFound.category == .notFound)
            #expect(!notFound.isDuplicateExternalId)

            let tooLong = await send(client, event("a@example.com", text: String(repeating: "x", count: 10_001)))
            guard case .failed(let limit) = tooLong.answer else {
                Issue.record("over-long text accepted")
                return
            }
            #expect(limit.category == .validation)
            #expect(limit.fields.first?.field == "components[0].componentText.text")

            var bad = event("a@example.com").input
            bad["surprise"] = "x"
            let strict = await send(client, EventInput(kind: .customer, input: bad, externalId: nil))
            guard case .failed(let shape) = strict.answer else {
                Issue.record("unknown field accepted")
                return
            }
            #expect(shape.code == "BAD_USER_INPUT")
            #expect(shape.httpStatus == 400)

            let wrongKey = PlainClient(
                endpoint: try PlainEndpoint(fake.endpoint),
                apiKey: try APIKey("wrong"),
                maximumConnections: 1,
                logger: logger
            )
            let refused = await send(wrongKey, event("a@example.com"))
            guard case .failed(let auth) = refused.answer else {
                Issue.record("wrong key accepted")
                return
            }
            #expect(auth.category == .unauthenticated)
            #expect(auth.httpStatus == 401)
            await wrongKey.shutdown()
            await client.shutdown()
            #expect(await fake.store.events.count == 1)
        }
    }

    @Test func rateLimitWindowAnswers429() async throws {
        var options = PlainFakeOptions()
        options.rateLimit = 3
        options.rateWindow = .seconds(60)
        try await PlainFake.withRunning(options: options) { fake in
            let client = PlainClient(
                endpoint: try PlainEndpoint(fake.endpoint),
                apiKey: try APIKey(fake.options.apiKey),
                maximumConnections: 1,
                logger: logger
            )
            var categories: [PlainFailure.Category?] = []
            for n in 0..<4 {
                let response = await send(client, event("a@example.com", externalId: "r\(n)"))
                if case .failed(let failure) = response.answer { categories.append(failure.category) } else { categories.append(nil) }
                if n == 3 { #expect(response.rateLimit.remaining == 0) }
            }
            #expect(categories == [nil, nil, nil, .rateLimited])
            await client.shutdown()
        }
    }
}

/// What Plain answered a create mutation.
enum CreateAnswer {
    case created(id: String)
    case failed(PlainFailure)
}

/// Sends `event` through the client's one path (`execute`, as the uploader does) and reads the
/// answer as the uploader does.
func send(_ client: PlainClient, _ event: EventInput) async -> (answer: CreateAnswer, rateLimit: RateLimitHeaders, requestId: String?) {
    let reply = await client.execute(GraphQLDocuments.create(event))
    switch reply.result {
    case .success(let value):
        let field = GraphQLDocuments.operation(for: event.kind).eventField
        return (.created(id: value.objectValue?[field]?.objectValue?["id"]?.stringValue ?? ""), reply.rateLimit, reply.requestId)
    case .failure(let failure):
        return (.failed(failure), reply.rateLimit, reply.requestId)
    }
}
