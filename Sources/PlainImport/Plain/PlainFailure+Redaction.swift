extension PlainFailure {
    /// The failure with every occurrence of `key` in its texts replaced by `<redacted>`.
    func redacting(_ key: APIKey) -> PlainFailure {
        PlainFailure(
            category: category,
            code: key.redact(code),
            message: key.redact(message),
            fields: fields.map { FieldError(field: key.redact($0.field), message: key.redact($0.message), type: key.redact($0.type)) },
            httpStatus: httpStatus,
            requestId: requestId.map(key.redact),
            remedy: remedy
        )
    }
}
