import Foundation

/// Turns an HTTP answer from Plain's GraphQL endpoint into the value asked for or a typed
/// `PlainFailure` (SPEC §2). Pure: status, body and request id in, result out.
public enum PlainResponseDecoder {
    /// The answer to `operation`: the value at its result field (`null` for "none"), or the
    /// failure that Plain or the transport reported. A mutation's `error` is a failure; a
    /// missing `requiredField` is a malformed answer.
    public static func result(of operation: GraphQLOperation, status: Int, body: [UInt8], requestId: String?) -> Result<JSONValue, PlainFailure> {
        // Parsed from the bytes once they are known to be UTF-8: no string of the whole answer is made.
        let parsed: JSONValue? =
            UTF8Validation.firstInvalidByteUnlessASCII(in: body) == nil
            ? body.withUnsafeBufferPointer { buffer in try? JSONParser.parse(buffer) } : nil
        let object = parsed?.objectValue

        if let errors = object?["errors"]?.arrayValue, let first = errors.first?.objectValue {
            // A query of several fields answered in part (one field refused, the others given):
            // the refused fields are null in the answer.
            if status == 200, operation.resultField == nil, let data = object?["data"]?.objectValue,
                data.contains(where: { $0.value != .null })
            {
                return .success(.object(data))
            }
            let code = first["extensions"]?.objectValue?["code"]?.stringValue ?? (status == 200 ? "GRAPHQL_ERROR" : "http_\(status)")
            let message = first["message"]?.stringValue ?? "Plain returned an error without a message"
            return .failure(
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
            let wrongEndpoint = category(forStatus: status) == .wrongEndpoint
            return .failure(
                PlainFailure(
                    category: category(forStatus: status),
                    code: "http_\(status)",
                    message: wrongEndpoint
                        ? "the endpoint answered HTTP \(status): it is not Plain's GraphQL API"
                        : snippet.isEmpty ? "HTTP \(status) with no body" : "HTTP \(status): \(snippet)",
                    httpStatus: status,
                    requestId: requestId,
                    remedy: wrongEndpoint ? .checkEndpoint : nil
                )
            )
        }
        guard let data = object?["data"]?.objectValue else {
            return .failure(malformed("Plain's answer has no data", status: status, requestId: requestId))
        }
        guard let field = operation.resultField else { return .success(.object(data)) }
        guard let value = data[field] else {
            return .failure(malformed("Plain's answer has no data.\(field)", status: status, requestId: requestId))
        }
        if let error = value.objectValue?["error"]?.objectValue {
            return .failure(mutationFailure(error, status: status, requestId: requestId))
        }
        if let required = operation.requiredField, value.objectValue?[required]?.objectValue == nil {
            return .failure(malformed("Plain's answer has neither \(required) nor an error", status: status, requestId: requestId))
        }
        return .success(value)
    }

    private static func malformed(_ message: String, status: Int, requestId: String?) -> PlainFailure {
        PlainFailure(category: .malformedResponse, code: "malformed_response", message: message, httpStatus: status, requestId: requestId)
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
        case 300...399, 404, 405: .wrongEndpoint
        case 429: .rateLimited
        case 500...599: .serverError
        case 200: .malformedResponse
        default: .badRequest
        }
    }
}
