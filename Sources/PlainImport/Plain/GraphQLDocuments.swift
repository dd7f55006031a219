/// The GraphQL operations plain-import sends. They select only fields that exist in Plain's
/// schema (events have no `externalId` field to select); tests validate every one against it.
public enum GraphQLDocuments {
    static let errorSelection = "error { message type code fields { field message type } }"

    /// `createCustomerEvent`, taking `$input: CreateCustomerEventInput!`.
    public static let createCustomerEvent = """
        mutation createCustomerEvent($input: CreateCustomerEventInput!) { \
        createCustomerEvent(input: $input) { customerEvent { id customerId } \(errorSelection) } }
        """

    /// `createThreadEvent`, taking `$input: CreateThreadEventInput!`.
    public static let createThreadEvent = """
        mutation createThreadEvent($input: CreateThreadEventInput!) { \
        createThreadEvent(input: $input) { threadEvent { id customerId threadId } \(errorSelection) } }
        """

    /// The workspace and the key's permissions, in one request (SPEC §8 `check`).
    public static let workspaceAndPermissions = """
        query workspaceAndPermissions { myWorkspace { id name } myPermissions { permissions } }
        """

    /// `upsertCustomer`, taking `$input: UpsertCustomerInput!` (SPEC §9).
    public static let upsertCustomer = """
        mutation upsertCustomer($input: UpsertCustomerInput!) { \
        upsertCustomer(input: $input) { result customer { id } \(errorSelection) } }
        """

    /// A customer by email; null when there is none.
    public static let customerByEmail = """
        query customerByEmail($email: String!) { customerByEmail(email: $email) { id } }
        """

    /// A customer by the workspace's own id for it; null when there is none.
    public static let customerByExternalId = """
        query customerByExternalId($externalId: ID!) { customerByExternalId(externalId: $externalId) { id } }
        """

    /// A customer by Plain's id; null when there is none.
    public static let customerById = """
        query customerById($customerId: ID!) { customer(customerId: $customerId) { id } }
        """

    /// A thread by its external id within one customer; null when there is none.
    public static let threadByExternalId = """
        query threadByExternalId($customerId: ID!, $externalId: ID!) { \
        threadByExternalId(customerId: $customerId, externalId: $externalId) { id } }
        """

    /// One page of a customer's timeline, the externalIds of its customer events (SPEC §10).
    public static let customerTimeline = """
        query customerTimeline($customerId: ID!, $first: Int!, $after: String) { \
        timelineEntries(customerId: $customerId, first: $first, after: $after) { \
        edges { node { entry { ... on CustomerEventEntry { externalId } } } } pageInfo { hasNextPage endCursor } } }
        """

    /// One page of a thread's timeline, the externalIds of its thread events (SPEC §10, §12.8).
    public static let threadTimeline = """
        query threadTimeline($threadId: ID!, $first: Int!, $after: String) { \
        thread(threadId: $threadId) { id timelineEntries(filters: { entryTypes: [THREAD_EVENT] }, first: $first, after: $after) { \
        edges { node { entry { ... on ThreadEventEntry { externalId } } } } pageInfo { hasNextPage endCursor } } } }
        """

    /// Every document, by operation name: for the schema tests.
    public static let all: [String: String] = [
        "createCustomerEvent": createCustomerEvent, "createThreadEvent": createThreadEvent,
        "workspaceAndPermissions": workspaceAndPermissions, "upsertCustomer": upsertCustomer,
        "customerByEmail": customerByEmail, "customerByExternalId": customerByExternalId, "customerById": customerById,
        "threadByExternalId": threadByExternalId, "customerTimeline": customerTimeline, "threadTimeline": threadTimeline,
    ]

    /// The operation name, document and the result field for an event of `kind`.
    public static func operation(for kind: EventKind) -> (name: String, document: String, eventField: String) {
        switch kind {
        case .customer: ("createCustomerEvent", createCustomerEvent, "customerEvent")
        case .thread: ("createThreadEvent", createThreadEvent, "threadEvent")
        }
    }

    /// The create mutation for `event`.
    public static func create(_ event: EventInput) -> GraphQLOperation {
        // The event's input bytes are the bytes sent, its externalId spliced in.
        let operation = operation(for: event.kind)
        return GraphQLOperation(
            name: operation.name,
            document: operation.document,
            variablesJSON: event.variablesJSON,
            resultField: operation.name,
            requiredField: operation.eventField
        )
    }

    /// The create mutation for an event of `kind` with `variables`.
    static func create(kind: EventKind, variables: JSONObject) -> GraphQLOperation {
        let operation = operation(for: kind)
        return GraphQLOperation(
            name: operation.name,
            document: operation.document,
            variables: variables,
            resultField: operation.name,
            requiredField: operation.eventField
        )
    }

    /// The request body for `event`: `{"query", "variables": {"input"}, "operationName"}`.
    public static func body(for event: EventInput) -> JSONValue { create(event).body }

    /// `upsertCustomer` with `input` (`identifier`, `onCreate`, `onUpdate`).
    public static func upsertCustomer(_ input: JSONObject) -> GraphQLOperation {
        GraphQLOperation(
            name: "upsertCustomer",
            document: upsertCustomer,
            variables: JSONObject(["input": .object(input)]),
            resultField: "upsertCustomer",
            requiredField: "customer"
        )
    }

    /// The look-up of a customer by `identifier`.
    public static func findCustomer(_ identifier: CustomerIdentifier) -> GraphQLOperation {
        switch identifier.key {
        case .emailAddress:
            GraphQLOperation(
                name: "customerByEmail",
                document: customerByEmail,
                variables: JSONObject(["email": .string(identifier.value)]),
                resultField: "customerByEmail"
            )
        case .externalId:
            GraphQLOperation(
                name: "customerByExternalId",
                document: customerByExternalId,
                variables: JSONObject(["externalId": .string(identifier.value)]),
                resultField: "customerByExternalId"
            )
        case .customerId:
            GraphQLOperation(
                name: "customerById",
                document: customerById,
                variables: JSONObject(["customerId": .string(identifier.value)]),
                resultField: "customer"
            )
        }
    }

    /// The look-up of a thread by its external id within the customer `customerId`.
    public static func findThread(customerId: String, externalId: String) -> GraphQLOperation {
        GraphQLOperation(
            name: "threadByExternalId",
            document: threadByExternalId,
            variables: JSONObject(["customerId": .string(customerId), "externalId": .string(externalId)]),
            resultField: "threadByExternalId"
        )
    }

    /// The workspace and permissions query.
    public static var findWorkspaceAndPermissions: GraphQLOperation {
        GraphQLOperation(name: "workspaceAndPermissions", document: workspaceAndPermissions, variables: JSONObject(), resultField: nil)
    }

    /// One page of the timeline where events of `kind` on `targetId` (a customer or thread id) are listed.
    /// Plain does not document which timelines list customer events: this is the one place that chooses.
    public static func timelinePage(kind: EventKind, targetId: String, first: Int, after: String?) -> GraphQLOperation {
        var variables = JSONObject(["first": .number(String(first))])
        variables["after"] = after.map(JSONValue.string) ?? .null
        switch kind {
        case .customer:
            variables["customerId"] = .string(targetId)
            return GraphQLOperation(name: "customerTimeline", document: customerTimeline, variables: variables, resultField: "timelineEntries")
        case .thread:
            variables["threadId"] = .string(targetId)
            return GraphQLOperation(name: "threadTimeline", document: threadTimeline, variables: variables, resultField: "thread")
        }
    }
}
