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
            let first = await client.send(event("a@example.com", externalId: "e1"))
            guard case .created(let id) = first.answer else {
                Issue.record("not created: \(first.answer)")
                return
            }
            #expect(id.hasPrefix("ce_"))
            #expect(first.rateLimit.limit == 100)
            #expect(first.rateLimit.remaining == 99)
            #expect(first.rateLimit.reset.map { $0 > Date() } == true)
            #expect(first.requestId != nil)

            let again = await client.send(event("a@example.com", externalId: "e1"))
            guard case .failed(let duplicate) = again.answer else {
                Issue.record("repeat accepted")
                return
            }
            #expect(duplicate.isDuplicateExternalId)
            #expect(duplicate.requestId != nil)

            let unknown = await client.send(event("nobody@example.com"))
            guard case .failed(let notFound) = unknown.answer else {
                Issue.record("unknown customer accepted")
                return
            }
            #expect(notFound.category == .notFound)
            #expect(!notFound.isDuplicateExternalId)

            let tooLong = await client.send(event("a@example.com", text: String(repeating: "x", count: 10_001)))
            guard case .failed(let limit) = tooLong.answer else {
                Issue.record("over-long text accepted")
                return
            }
            #expect(limit.category == .validation)
            #expect(limit.fields.first?.field == "components[0].componentText.text")

            var bad = event("a@example.com").input
            bad["surprise"] = "x"
            let strict = await client.send(EventInput(kind: .customer, input: bad, externalId: nil))
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
            let refused = await wrongKey.send(event("a@example.com"))
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
                let response = await client.send(event("a@example.com", externalId: "r\(n)"))
                if case .failed(let failure) = response.answer { categories.append(failure.category) } else { categories.append(nil) }
                if n == 3 { #expect(response.rateLimit.remaining == 0) }
            }
            #expect(categories == [nil, nil, nil, .rateLimited])
            await client.shutdown()
        }
    }
}
