extension PlainResponseDecoder {
    /// Plain's answer as `answer(kind:status:body:requestId:)` decodes it, with `key` scrubbed
    /// from every text of a failure (code, message, fields) before anything logs or journals it:
    /// Plain's text is otherwise kept as Plain sent it. The body is scrubbed before decoding too,
    /// so that a key cut by a truncated snippet cannot leak in part.
    static func answer(kind: EventKind, status: Int, body: [UInt8], requestId: String?, redacting key: APIKey) -> PlainResponse.Answer {
        var answer = answer(kind: kind, status: status, body: body, requestId: requestId)
        guard case .failed = answer else { return answer }
        let text = String(decoding: body, as: UTF8.self)
        let scrubbed = key.redact(text)
        if scrubbed != text {
            answer = Self.answer(kind: kind, status: status, body: Array(scrubbed.utf8), requestId: requestId)
        }
        guard case .failed(let failure) = answer else { return answer }
        return .failed(failure.redacting(key))
    }
}
