import PlainImport

/// The stand-in's answers to everything but event creation: the workspace and permissions,
/// customers and threads, timelines (SPEC §8–§10), shaped as Plain's schema says.
extension PlainFakeResponder {
    /// Every permission the stand-in knows, granted when `PlainFakeOptions.permissions` is nil.
    static let allPermissions = [
        "customer:read", "customer:create", "customer:edit", "customerEvent:create", "customerEvent:read",
        "thread:read", "threadEvent:create", "threadEvent:read",
    ]

    /// The permissions each operation needs.
    static let neededPermissions: [String: [String]] = [
        "createCustomerEvent": ["customerEvent:create"],
        "createThreadEvent": ["threadEvent:create"],
        "upsertCustomer": ["customer:create", "customer:edit"],
        "customerByEmail": ["customer:read"],
        "customerByExternalId": ["customer:read"],
        "customerById": ["customer:read"],
        "threadByExternalId": ["thread:read"],
        "customerTimeline": ["customer:read"],
        "threadTimeline": ["thread:read"],
    ]

    /// The first permission `operation` needs that the key lacks.
    func lackingPermission(for operation: String) -> String? {
        guard let granted = options.permissions else { return nil }
        return Self.neededPermissions[operation]?.first { !granted.contains($0) }
    }

    /// The whole answer (`{"data": ...}`) to a query or `upsertCustomer`; nil for an unknown operation.
    func answer(_ operation: String, variables: JSONObject) async -> JSONValue? {
        let known = options.knownCustomers
        let data: JSONObject
        switch operation {
        case "workspaceAndPermissions":
            let workspace = options.workspace.map { JSONValue.object(JSONObject(["id": .string($0.id), "name": .string($0.name)])) }
            data = JSONObject([
                "myWorkspace": options.refuseWorkspace ? .null : workspace ?? .null,
                "myPermissions": .object(
                    JSONObject(["permissions": .array((options.permissions ?? Self.allPermissions).map(JSONValue.string))])
                ),
            ])
            if options.refuseWorkspace {
                let error = JSONObject([
                    "message": "Forbidden", "path": .array(["myWorkspace"]),
                    "extensions": .object(JSONObject(["code": "FORBIDDEN"])),
                ])
                return .object(JSONObject(["data": .object(data), "errors": .array([.object(error)])]))
            }
        case "upsertCustomer":
            let input = variables["input"]?.objectValue
            guard let identifier = input?["identifier"]?.objectValue.flatMap(CustomerIdentifier.init(json:)) else {
                return transportError("Variable \"$input\" got invalid value: identifier", code: "BAD_USER_INPUT")
            }
            let onCreate = input?["onCreate"]?.objectValue
            let email = onCreate?["email"]?.objectValue?["email"]?.stringValue
            let externalId = onCreate?["externalId"]?.stringValue
            if [identifier.value, email, externalId].contains(where: { $0.map(options.refusedCustomers.contains) == true }) {
                return mutationError(
                    "upsertCustomer",
                    message: "Input validation failed",
                    type: "VALIDATION",
                    code: "input_validation",
                    field: "onCreate.email.email",
                    fieldMessage: "Invalid email address",
                    fieldType: "VALIDATION"
                )
            }
            let upserted = await store.upsertCustomer(identifier: identifier.value, email: email, externalId: externalId, known: known)
            data = JSONObject([
                "upsertCustomer": .object(
                    JSONObject([
                        "result": .string(upserted.result),
                        "customer": .object(JSONObject(["id": .string(upserted.id)])),
                        "error": .null,
                    ])
                )
            ])
        case "customerByEmail", "customerByExternalId", "customerById":
            let field = operation == "customerById" ? "customer" : operation
            let value = variables["email"]?.stringValue ?? variables["externalId"]?.stringValue ?? variables["customerId"]?.stringValue ?? ""
            if await store.isLookupRefused(value) { return transportError("Look-up refused for \(value)", code: "BAD_USER_INPUT") }
            let id = await store.customerId(for: value, known: known)
            data = JSONObject([field: id.map { .object(JSONObject(["id": .string($0)])) } ?? .null])
        case "threadByExternalId":
            let externalId = variables["externalId"]?.stringValue ?? ""
            data = JSONObject([
                "threadByExternalId": options.threadsByExternalId[externalId].map { .object(JSONObject(["id": .string($0)])) } ?? .null
            ])
        case "customerTimeline":
            let customerId = variables["customerId"]?.stringValue ?? ""
            if await store.isLookupRefused(customerId) { return transportError("Timeline refused for \(customerId)", code: "BAD_USER_INPUT") }
            data = JSONObject(["timelineEntries": .object(await page(.customer, customerId, variables))])
        case "threadTimeline":
            let threadId = variables["threadId"]?.stringValue ?? ""
            guard threadExists(threadId) else {
                data = JSONObject(["thread": .null])
                break
            }
            var thread = JSONObject(["id": .string(threadId)])
            thread["timelineEntries"] = .object(await page(.thread, threadId, variables))
            data = JSONObject(["thread": .object(thread)])
        default:
            return nil
        }
        return .object(JSONObject(["data": .object(data)]))
    }

    /// One page of a `TimelineEntryConnection`: `first` entries after the cursor `after`.
    private func page(_ kind: EventKind, _ targetId: String, _ variables: JSONObject) async -> JSONObject {
        let entries = await store.timeline(kind: kind, targetId: targetId)
        let first =
            variables["first"].flatMap { value -> Int? in
                if case .number(let literal) = value { return Int(literal) }
                return nil
            } ?? 50
        let start = variables["after"]?.stringValue.flatMap { Int($0.dropFirst("cursor-".count)) }.map { $0 + 1 } ?? 0
        let end = min(entries.count, start + max(first, 0))
        var edges: [JSONValue] = []
        for index in min(start, end)..<end {
            let event = entries[index]
            var entry = JSONObject(["__typename": .string(kind == .customer ? "CustomerEventEntry" : "ThreadEventEntry")])
            entry["externalId"] = event.externalId.map(JSONValue.string) ?? .null
            entry["timelineEventId"] = .string(event.id)
            edges.append(
                .object(
                    JSONObject([
                        "cursor": .string("cursor-\(index)"),
                        "node": .object(JSONObject(["id": .string("tle_\(event.id)"), "entry": .object(entry)])),
                    ])
                )
            )
        }
        return JSONObject([
            "edges": .array(edges),
            "pageInfo": .object(
                JSONObject([
                    "hasNextPage": .bool(end < entries.count),
                    "hasPreviousPage": .bool(start > 0),
                    "startCursor": edges.isEmpty ? .null : .string("cursor-\(start)"),
                    "endCursor": edges.isEmpty ? .null : .string("cursor-\(end - 1)"),
                ])
            ),
        ])
    }
}
