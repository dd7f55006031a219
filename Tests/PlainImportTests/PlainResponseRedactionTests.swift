import Testing

@testable import PlainImport

/// The key is scrubbed from Plain's error text where the failure is built from the answer.
@Suite struct PlainResponseRedactionTests {
    let key: APIKey

    init() throws {
        key = try APIKey("plain_sk_0123456789abcdef")
    }

    func failure(_ answer: PlainResponse.Answer) -> PlainFailure? {
        if case .failed(let failure) = answer { failure } else { nil }
    }

    @Test func aKeyCutByTheSnippetDoesNotLeakInPart() {
        // A non-JSON body whose 200-character snippet ends in the middle of the key.
        let body = String(repeating: "x", count: 184) + " Bearer plain_sk_0123456789abcdef and more"
        let answer = PlainResponseDecoder.answer(kind: .customer, status: 502, body: Array(body.utf8), requestId: "r1", redacting: key)
        let message = failure(answer)?.message ?? ""
        #expect(!message.contains("plain_sk"), "\(message)")
        #expect(message.hasSuffix("Bearer <redacte"), "\(message)")
        let unscrubbed = PlainResponseDecoder.answer(kind: .customer, status: 502, body: Array(body.utf8), requestId: "r1")
        #expect(failure(unscrubbed)?.message.hasSuffix("Bearer plain_sk") == true, "the snippet does cut the key")
    }

    @Test func escapedKeysInJSONAreScrubbedAfterDecoding() {
        // JSON may write the key with escapes; the decoded text is scrubbed as well.
        let body = #"{"errors":[{"message":"bad key \u0070lain_sk_0123456789abcdef","extensions":{"code":"BAD_USER_INPUT"}}]}"#
        let answer = PlainResponseDecoder.answer(kind: .thread, status: 400, body: Array(body.utf8), requestId: nil, redacting: key)
        #expect(failure(answer)?.message == "bad key <redacted>")
        #expect(failure(answer)?.code == "BAD_USER_INPUT")
    }

    @Test func successIsUntouched() {
        let body = #"{"data":{"createCustomerEvent":{"customerEvent":{"id":"ce_1"},"error":null}}}"#
        let answer = PlainResponseDecoder.answer(kind: .customer, status: 200, body: Array(body.utf8), requestId: nil, redacting: key)
        guard case .created(let id) = answer else {
            Issue.record("not created: \(answer)")
            return
        }
        #expect(id == "ce_1")
    }
}
