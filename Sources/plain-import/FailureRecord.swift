import PlainImport

/// One line of `failures` (SPEC §3): source, line, externalId, status, error and the record.
struct FailureRecord {
    let source: String
    let line: Int
    let externalId: String?
    let status: String
    let code: String?
    let message: String?
    let fields: [PlainFailure.FieldError]
    let record: JSONValue

    init(
        source: String,
        line: Int,
        externalId: String?,
        status: String,
        code: String?,
        message: String?,
        fields: [PlainFailure.FieldError],
        record: JSONValue
    ) {
        self.source = source
        self.line = line
        self.externalId = externalId
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.record = record
    }

    /// From a journal entry; its stored JSON texts are parsed back.
    init(_ entry: FailureEntry) {
        var fields: [PlainFailure.FieldError] = []
        if let text = entry.errorFields, case .array(let items)? = try? JSONParser.parse(text) {
            fields = items.filter { $0.objectValue != nil }.map(PlainFailure.FieldError.init(json:))
        }
        let record = entry.record.flatMap { try? JSONParser.parse($0) } ?? .null
        var message = entry.errorMessage
        if let requestId = entry.requestId, let text = message { message = text + " (request \(requestId))" }
        self.init(
            source: entry.source,
            line: entry.line,
            externalId: entry.externalId,
            status: entry.status.rawValue,
            code: entry.errorCode,
            message: message,
            fields: fields,
            record: record
        )
    }

    var json: JSONValue {
        .object(
            JSONObject([
                "source": .string(source),
                "line": .number(String(line)),
                "externalId": externalId.map(JSONValue.string) ?? .null,
                "status": .string(status),
                "error": .object(
                    JSONObject([
                        "code": code.map(JSONValue.string) ?? .null,
                        "message": message.map(JSONValue.string) ?? .null,
                        "fields": .array(fields.map(\.json)),
                    ])
                ),
                "record": record,
            ])
        )
    }
}
