import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PlainImport

/// Answers `POST /graphql/v1` as SPEC §2 describes Plain: Bearer key, strict inputs and
/// documented limits, repeated externalIds refused, unknown customers `not_found`,
/// `x-ratelimit-*` headers on every answer, and the faults of `PlainFakeOptions`.
struct PlainFakeResponder: Sendable {
    let options: PlainFakeOptions
    let store: PlainFakeStore

    func respond(_ request: Request, context: FakeRequestContext) async throws -> Response {
        await store.startedAnswering()
        defer { Task { await store.finishedAnswering() } }
        if options.latency > .zero { try await Task.sleep(for: options.latency) }
        if chance(options.stallProbability) {
            await store.noteStalled()
            try await Task.sleep(for: options.stallDuration)
        }
        let requestId = UUID().uuidString.lowercased()
        let admission = await store.admit(limit: options.rateLimit, window: options.rateWindow)
        var headers = HTTPFields()
        add(&headers, "x-ratelimit-limit", String(options.rateLimit))
        add(&headers, "x-ratelimit-remaining", String(admission.remaining))
        add(&headers, "x-ratelimit-reset", RateLimitHeaders.format(admission.reset))
        add(&headers, "apigw-requestid", requestId)

        guard request.headers[.authorization] == "Bearer \(options.apiKey)" else {
            return json(.unauthorized, headers, transportError("Unauthorized", code: "UNAUTHENTICATED"))
        }
        if options.forbidAll {
            return json(.forbidden, headers, transportError("Forbidden: this key cannot create events", code: "FORBIDDEN"))
        }
        if admission.over {
            return json(.tooManyRequests, headers, transportError("Too Many Requests - Rate limit exceeded", code: "RATE_LIMITED"))
        }
        if chance(options.randomRateLimitProbability) {
            await store.noteRateLimited()
            return json(.tooManyRequests, headers, transportError("Too Many Requests - Rate limit exceeded", code: "RATE_LIMITED"))
        }
        if chance(options.serverErrorProbability) {
            add(&headers, "content-type", "text/html")
            return Response(
                status: .badGateway,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: "<html><body><h1>502 Bad Gateway</h1></body></html>"))
            )
        }

        let body = try await request.body.collect(upTo: 16 * 1024 * 1024)
        guard let text = String(validating: Array(buffer: body), as: UTF8.self),
            case .object(let envelope) = try? JSONParser.parse(text),
            let query = envelope["query"]?.stringValue
        else {
            return json(.badRequest, headers, transportError("Body must be JSON with a query", code: "BAD_REQUEST"))
        }
        let operationName =
            envelope["operationName"]?.stringValue
            ?? (query.contains("createCustomerEvent(") ? "createCustomerEvent" : query.contains("createThreadEvent(") ? "createThreadEvent" : "")
        await store.noteOperation(operationName)
        if let lacking = lackingPermission(for: operationName) {
            if operationName.hasPrefix("create") || operationName == "upsertCustomer" {
                return json(
                    .ok,
                    headers,
                    mutationError(
                        operationName,
                        message: "Missing permission: \(lacking)",
                        type: "FORBIDDEN",
                        code: "forbidden",
                        field: nil,
                        fieldMessage: nil,
                        fieldType: nil
                    )
                )
            }
            return json(.ok, headers, transportError("Missing permission: \(lacking)", code: "FORBIDDEN"))
        }
        let variables = envelope["variables"]?.objectValue ?? JSONObject()
        let kind: EventKind
        switch operationName {
        case "createCustomerEvent": kind = .customer
        case "createThreadEvent": kind = .thread
        default:
            guard let answer = await answer(operationName, variables: variables) else {
                return json(.badRequest, headers, transportError("Unknown operation \(operationName)", code: "GRAPHQL_VALIDATION_FAILED"))
            }
            return json(.ok, headers, answer)
        }
        let operation = GraphQLDocuments.operation(for: kind)
        if options.echoKeyInErrors {
            let sent = request.headers[.authorization] ?? ""
            return json(
                .ok,
                headers,
                mutationError(
                    operation.name,
                    message: "Input validation failed for request with authorization \(sent)",
                    type: "VALIDATION",
                    code: "input_validation",
                    field: "title",
                    fieldMessage: "not accepted from \(sent)",
                    fieldType: "VALIDATION"
                )
            )
        }
        if query.contains("\(operation.eventField) {")
            && query.components(separatedBy: "\(operation.eventField) {")[1]
                .prefix(while: { $0 != "}" }).contains("externalId")
        {
            return json(
                .badRequest,
                headers,
                transportError(
                    "Cannot query field \"externalId\" on type \"\(kind == .customer ? "CustomerEvent" : "ThreadEvent")\".",
                    code: "GRAPHQL_VALIDATION_FAILED"
                )
            )
        }
        guard case .object(let input)? = envelope["variables"]?.objectValue?["input"] else {
            return json(.badRequest, headers, transportError("Variable \"$input\" of required type was not provided.", code: "BAD_USER_INPUT"))
        }
        if let problem = PlainInputJudge.refusal(of: input, kind: kind) {
            if !problem.isLimit {
                return json(
                    .badRequest,
                    headers,
                    transportError(
                        "Variable \"$input\" got invalid value at \"input.\(problem.path)\": \(problem.message)",
                        code: "BAD_USER_INPUT"
                    )
                )
            }
            return json(
                .ok,
                headers,
                mutationError(
                    operation.name,
                    message: "Input validation failed",
                    type: "VALIDATION",
                    code: "input_validation",
                    field: problem.path.isEmpty ? "input" : problem.path,
                    fieldMessage: problem.message,
                    fieldType: "VALIDATION"
                )
            )
        }
        if chance(options.internalErrorProbability) {
            return json(
                .ok,
                headers,
                mutationError(
                    operation.name,
                    message: "An unknown internal error occurred",
                    type: "INTERNAL",
                    code: "internal",
                    field: nil,
                    fieldMessage: nil,
                    fieldType: nil
                )
            )
        }
        if let missing = await unknownReference(in: input, kind: kind) {
            return json(
                .ok,
                headers,
                mutationError(
                    operation.name,
                    message: "\(missing.what) not found",
                    type: "VALIDATION",
                    code: "not_found",
                    field: missing.field,
                    fieldMessage: "\(missing.what) not found",
                    fieldType: "NOT_FOUND"
                )
            )
        }
        var customerId: String?
        if let identifier = input["customerIdentifier"]?.objectValue.flatMap(CustomerIdentifier.init(json:)) {
            customerId = await store.customerId(for: identifier.value, known: options.knownCustomers)
        }
        guard let event = await store.store(kind: kind, input: input, customerId: customerId, threadId: input["threadId"]?.stringValue) else {
            let id = input["externalId"]?.stringValue ?? ""
            return json(
                .ok,
                headers,
                mutationError(
                    operation.name,
                    message: "Event with externalId \(id) already exists",
                    type: "VALIDATION",
                    code: "input_validation",
                    field: "externalId",
                    fieldMessage: "An event with this externalId already exists",
                    fieldType: "VALIDATION"
                )
            )
        }
        if chance(options.dropAfterStoreProbability) {
            await store.noteDropped()
            try await context.channel.close()
            throw HTTPError(.internalServerError)
        }
        let data = JSONValue.object(
            JSONObject([
                "data": .object(
                    JSONObject([
                        operation.name: .object(
                            JSONObject([
                                operation.eventField: .object(eventAnswer(event)),
                                "error": .null,
                            ])
                        )
                    ])
                )
            ])
        )
        return json(.ok, headers, data)
    }

    private func unknownReference(in input: JSONObject, kind: EventKind) async -> (field: String, what: String)? {
        switch kind {
        case .customer:
            guard let identifier = input["customerIdentifier"]?.objectValue.flatMap(CustomerIdentifier.init(json:)) else { return nil }
            let exists = await store.customerId(for: identifier.value, known: options.knownCustomers) != nil
            return exists ? nil : ("customerIdentifier.\(identifier.key.rawValue)", "Customer")
        case .thread:
            guard let thread = input["threadId"]?.stringValue else { return nil }
            return threadExists(thread) ? nil : ("threadId", "Thread")
        }
    }

    func threadExists(_ id: String) -> Bool {
        options.knownThreads.map { $0.contains(id) } ?? true || options.threadsByExternalId.values.contains(id)
    }

    private func eventAnswer(_ event: StoredEvent) -> JSONObject {
        var object = JSONObject(["id": .string(event.id)])
        if let customerId = event.customerId { object["customerId"] = .string(customerId) }
        if let threadId = event.threadId { object["threadId"] = .string(threadId) }
        return object
    }

    private func chance(_ probability: Double) -> Bool { probability > 0 && Double.random(in: 0..<1) < probability }

    private func add(_ fields: inout HTTPFields, _ name: String, _ value: String) {
        if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
    }

    func json(_ status: HTTPResponse.Status, _ headers: HTTPFields, _ value: JSONValue) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(value))))
    }

    func transportError(_ message: String, code: String) -> JSONValue {
        .object(
            JSONObject([
                "errors": .array([
                    .object(
                        JSONObject([
                            "message": .string(message), "extensions": .object(JSONObject(["code": .string(code)])),
                        ])
                    )
                ])
            ])
        )
    }

    func mutationError(
        _ operation: String,
        message: String,
        type: String,
        code: String,
        field: String?,
        fieldMessage: String?,
        fieldType: String?
    ) -> JSONValue {
        var fields: [JSONValue] = []
        if let field, let fieldMessage, let fieldType {
            fields.append(PlainFailure.FieldError(field: field, message: fieldMessage, type: fieldType).json)
        }
        return .object(
            JSONObject([
                "data": .object(
                    JSONObject([
                        operation: .object(
                            JSONObject([
                                (operation == "createCustomerEvent" ? "customerEvent" : "threadEvent"): .null,
                                "error": .object(
                                    JSONObject([
                                        "message": .string(message), "type": .string(type), "code": .string(code), "fields": .array(fields),
                                    ])
                                ),
                            ])
                        )
                    ])
                )
            ])
        )
    }
}
