import Foundation

/// Turns an HTTP answer from Plain's GraphQL endpoint into a typed `PlainResponse.Answer`
/// (SPEC §2). Pure: status, body and request id in, answer out.
public enum PlainResponseDecoder {
    /// The answer for an event of `kind` given the HTTP status and body.
    public static func answer(kind: EventKind, status: Int, body: [UInt8], requestId: String?) -> PlainResponse.Answer {
        let parsed: JSONValue? = String(validating: body, as: UTF8.self).flatMap { try? JSONParser.parse($0) }
        let object = parsed?.objectValue

        if let errors = object?["errors"]?.arrayValue, let first = errors.first?.objectValue {
            let code = first["extensions"]?.objectValue?["code"]?.stringValue ?? (status == 200 ? "GRAPHQL_ERROR" : "http_\(status)")
            let message = first["message"]?.stringValue ?? "Plain returned an error without a message"
            return .failed(
                PlainFailure(
                    category: category(forTransportCode: code, status: status),
                    code: code,
                    message: message,
                    httpStatus: status,
                    requestId: requestId
                )
            )
        }
        guard status == 200 else {
            let snippet = String(decoding: body.prefix(200), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
            return .failed(
                PlainFailure(
                    category: category(forStatus: status),
                    code: "http_\(status)",
                    message: snippet.isEmpty ? "HTTP \(status) with no body" : "HTTP \(status): \(snippet)",
                    httpStatus: status,
                    requestId: requestId
                )
            )
        }
        let operation = GraphQLDocuments.operation(for: kind)
        guard let result = object?["data"]?.objectValue?[operation.name]?.objectValue else {
            return .failed(
                PlainFailure(
                    category: .malformedResponse,
                    code: "malformed_response",
                    message: "Plain's answer has no data.\(operation.name)",
                    httpStatus: status,
                    requestId: requestId
                )
            )
        }
        if let error = result["error"]?.objectValue {
            return .failed(mutationFailure(error, status: status, requestId: requestId))
        }
        if let id = result[operation.eventField]?.objectValue?["id"]?.stringValue {
            return .created(id: id)
        }
        return .failed(
            PlainFailure(
                category: .malformedResponse,
                code: "malformed_response",
                message: "Plain's answer has neither an event nor an error",
                httpStatus: status,
                requestId: requestId
            )
        )
    }

    private static func mutationFailure(_ error: JSONObject, status: Int, requestId: String?) -> PlainFailure {
        let type = error["type"]?.stringValue ?? ""
        let code = error["code"]?.stringValue ?? type.lowercased()
        let message = error["message"]?.stringValue ?? "Plain returned an error without a message"
        let fields = (error["fields"]?.arrayValue ?? []).filter { $0.objectValue != nil }.map(PlainFailure.FieldError.init(json:))
        let category: PlainFailure.Category
        switch type {
        case "FORBIDDEN": category = .forbidden
        case "INTERNAL": category = .internalError
        default:
            category = code == "not_found" || fields.contains(where: { $0.type == "NOT_FOUND" }) ? .notFound : .validation
        }
        return PlainFailure(category: category, code: code, message: message, fields: fields, httpStatus: status, requestId: requestId)
    }

    private static func category(forTransportCode code: String, status: Int) -> PlainFailure.Category {
        switch code {
        case "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED": .validation
        case "UNAUTHENTICATED": .unauthenticated
        case "FORBIDDEN": .forbidden
        case "RATE_LIMITED": .rateLimited
        case "INTERNAL_SERVER_ERROR": .internalError
        default: category(forStatus: status)
        }
    }

    private static func category(forStatus status: Int) -> PlainFailure.Category {
        switch status {
        case 400: .badRequest
        case 401: .unauthenticated
        case 403: .forbidden
        case 404: .notFound
        case 429: .rateLimited
        case 500...599: .serverError
        case 200: .malformedResponse
        default: .badRequest
        }
    }
}
