import PlainImport

/// One line of `failures` (SPEC §3): source, line, externalId, status, error and the record.
struct FailureRecord {
    let source: String
    let line: Int
    let externalId: String?
    let status: String
    let code: String?
    let message: String?
    let fields: [(field: String, message: String, type: String)]
    let record: JSONValue

    init(source: String, line: Int, externalId: String?, status: String, code: String?, message: String?,
         fields: [(String, String, String)], record: JSONValue) {
        self.source = source
        self.line = line
        self.externalId = externalId
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields.map { (field: $0.0, message: $0.1, type: $0.2) }
        self.record = record
    }

    /// From a journal entry; its stored JSON texts are parsed back.
    init(_ entry: FailureEntry) {
        var fields: [(String, String, String)] = []
        if let text = entry.errorFields, case .array(let items)? = try? JSONParser.parse(text) {
            for item in items {
                guard let object = item.objectValue else { continue }
                fields.append((object["field"]?.stringValue ?? "", object["message"]?.stringValue ?? "", object["type"]?.stringValue ?? ""))
            }
        }
        let record = entry.record.flatMap { try? JSONParser.parse($0) } ?? .null
        var message = entry.errorMessage
        if let requestId = entry.requestId, let text = message { message = text + " (request \(requestId))" }
        self.init(source: entry.source, line: entry.line, externalId: entry.externalId, status: entry.status.rawValue,
                  code: entry.errorCode, message: message, fields: fields, record: record)
    }

    var json: JSONValue {
        .object(JSONObject([
            "source": .string(source),
            "line": .number(String(line)),
            "externalId": externalId.map(JSONValue.string) ?? .null,
            "status": .string(status),
            "error": .object(JSONObject([
                "code": code.map(JSONValue.string) ?? .null,
                "message": message.map(JSONValue.string) ?? .null,
                "fields": .array(fields.map { field in
                    .object(JSONObject(["field": .string(field.field), "message": .string(field.message), "type": .string(field.type)]))
                }),
            ])),
            "record": record,
        ]))
    }
}
