import Testing

@testable import PlainImport

/// The key is scrubbed from Plain's error text where the failure is built from the answer.
@Suite struct PlainResponseDecoderTests {
    let key: APIKey

    init() throws {
        key = try APIKey("plain_sk_0123456789abcdef")
    }

    func failure(_ result: Result<JSONValue, PlainFailure>) -> PlainFailure? {
        if case .failure(let failure) = result { failure } else { nil }
    }

    /// The create mutation's answer as the client decodes it (`redacting` the key, or not).
    func decode(_ kind: EventKind, status: Int, body: String, requestId: String? = nil, redacting: Bool = true) -> Result<JSONValue, PlainFailure> {
        let create = GraphQLDocuments.create(kind: kind, variables: JSONObject())
        return redacting
            ? PlainResponseDecoder.result(of: create, status: status, body: Array(body.utf8), requestId: requestId, redacting: key)
            : PlainResponseDecoder.result(of: create, status: status, body: Array(body.utf8), requestId: requestId)
    }

    @Test func aKeyCutByTheSnippetDoesNotLeakInPart() {
        // A non-JSON body whose 200-character snippet ends in the middle of the key.
        let body = String(repeating: "x", count: 184) + " Bearer plain_sk_0123456789abcdef and more"
        let answer = decode(.customer, status: 502, body: body, requestId: "r1")
        let message = failure(answer)?.message ?? ""
        #expect(!message.contains("plain_sk"), "\(message)")
        #expect(message.hasSuffix("Bearer <redacte"), "\(message)")
        let unscrubbed = decode(.customer, status: 502, body: body, requestId: "r1", redacting: false)
        #expect(failure(unscrubbed)?.message.hasSuffix("Bearer plain_sk") == true, "the snippet does cut the key")
    }

    @Test func escapedKeysInJSONAreScrubbedAfterDecoding() {
        // JSON may write the key with escapes; the decoded text is scrubbed as well.
        let body = #"{"errors":[{"message":"bad key \u0070lain_sk_0123456789abcdef","extensions":{"code":"BAD_USER_INPUT"}}]}"#
        let answer = decode(.thread, status: 400, body: body)
        #expect(failure(answer)?.message == "bad key <redacted>")
        #expect(failure(answer)?.code == "BAD_USER_INPUT")
    }

    @Test func successIsUntouched() {
        let body = #"{"data":{"createCustomerEvent":{"customerEvent":{"id":"ce_1"},"error":null}}}"#
        let answer = decode(.customer, status: 200, body: body)
        guard case .success(let value) = answer else {
            Issue.record("not created: \(answer)")
            return
        }
        #expect(value.objectValue?["customerEvent"]?.objectValue?["id"] == .string("ce_1"))
    }
}
