/// Plain's answer when an event was not created, or why no answer came: enough for an
/// operator to act on (Plain's code, message, fields and request id) and for the uploader to
/// choose what to do (`category`).
public struct PlainFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, which decides retry, failure or stop.
    public enum Category: String, Sendable, Hashable {
        /// A mutation error of type VALIDATION, or a GraphQL validation / bad input error.
        case validation
        /// A referenced customer, thread, user or workflow does not exist.
        case notFound
        /// HTTP 400 without a known code.
        case badRequest
        /// HTTP 401 or UNAUTHENTICATED.
        case unauthenticated
        /// HTTP 403, FORBIDDEN.
        case forbidden
        /// HTTP 429 or RATE_LIMITED.
        case rateLimited
        /// Mutation error INTERNAL or INTERNAL_SERVER_ERROR.
        case internalError
        /// HTTP 5xx.
        case serverError
        /// No usable answer: connection refused or dropped, timeout.
        case transport
        /// An answer that is not what GraphQL promises.
        case malformedResponse
        /// The server's TLS certificate is not trusted or does not match the host: retrying
        /// cannot help (SPEC §12.17).
        case untrustedCertificate
        /// The endpoint is not Plain's GraphQL API: a redirect, or HTTP 404 or 405 (SPEC §14.7).
        case wrongEndpoint
        /// The HTTP proxy answered 407: it refused its credentials (SPEC §12.17).
        case proxyAuthenticationRequired
    }

    /// One field Plain named.
    public struct FieldError: Sendable, Hashable, Codable {
        public let field: String
        public let message: String
        public let type: String

        /// A field error as Plain writes it.
        public init(field: String, message: String, type: String) {
            self.field = field
            self.message = message
            self.type = type
        }

        /// `{"field", "message", "type"}`, as Plain writes it and `failures` exports it.
        public var json: JSONValue {
            .object(JSONObject(["field": .string(field), "message": .string(message), "type": .string(type)]))
        }

        /// Reads the object `json` writes; missing members are empty.
        public init(json: JSONValue) {
            let object = json.objectValue
            self.init(
                field: object?["field"]?.stringValue ?? "",
                message: object?["message"]?.stringValue ?? "",
                type: object?["type"]?.stringValue ?? ""
            )
        }
    }

    public let category: Category
    /// Plain's error code (`input_validation`, `RATE_LIMITED`, ...) or ours (`http_503`, `timeout`).
    public let code: String
    public let message: String
    public let fields: [FieldError]
    public let httpStatus: Int?
    /// Plain's `apigw-requestid`.
    public let requestId: String?
    /// What the operator can change, when the executable has words for it.
    public let remedy: Remedy?

    /// A failure; see the properties.
    public init(
        category: Category,
        code: String,
        message: String,
        fields: [FieldError] = [],
        httpStatus: Int? = nil,
        requestId: String? = nil,
        remedy: Remedy? = nil
    ) {
        self.category = category
        self.code = code
        self.message = message
        self.fields = fields
        self.httpStatus = httpStatus
        self.requestId = requestId
        self.remedy = remedy
    }

    public var description: String {
        var text = "\(code): \(message)"
        if !fields.isEmpty {
            text += " (" + fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ") + ")"
        }
        if let httpStatus { text += " [HTTP \(httpStatus)]" }
        if let requestId { text += " [request \(requestId)]" }
        return text
    }

    /// Whether this is Plain's answer to a second create with an externalId that already
    /// exists (SPEC §2). The only place that rule lives: such an answer means "already
    /// imported", never a failure.
    public var isDuplicateExternalId: Bool {
        guard category == .validation else { return false }
        let namesExternalId = fields.contains { $0.field == "externalId" || $0.field.hasSuffix(".externalId") }
        let says = (message + " " + fields.map(\.message).joined(separator: " ")).lowercased()
        let alreadyExists = says.contains("already exist") || code.lowercased().contains("already_exist")
        return namesExternalId && alreadyExists
    }
}
