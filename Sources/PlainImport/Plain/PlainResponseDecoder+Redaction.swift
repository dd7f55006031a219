extension PlainResponseDecoder {
    /// Plain's answer to `operation` as `result(of:status:body:requestId:)` decodes it, with
    /// `key` scrubbed from every text of a failure (code, message, fields) before anything logs
    /// or journals it: Plain's text is otherwise kept as Plain sent it. The body is scrubbed
    /// before decoding too, so that a key cut by a truncated snippet cannot leak in part.
    static func result(
        of operation: GraphQLOperation,
        status: Int,
        body: [UInt8],
        requestId: String?,
        redacting key: APIKey
    ) -> Result<JSONValue, PlainFailure> {
        var result = result(of: operation, status: status, body: body, requestId: requestId)
        guard case .failure = result else { return result }
        let text = String(decoding: body, as: UTF8.self)
        let scrubbed = key.redact(text)
        if scrubbed != text {
            result = Self.result(of: operation, status: status, body: Array(scrubbed.utf8), requestId: requestId)
        }
        return result.mapError { $0.redacting(key) }
    }
}
