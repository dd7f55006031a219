/// The GraphQL operations plain-import sends. They select only fields that exist in Plain's
/// schema (events have no `externalId` field to select); tests validate them against it.
public enum GraphQLDocuments {
    static let errorSelection = "error { message type code fields { field message type } }"

    /// `createCustomerEvent`, taking `$input: CreateCustomerEventInput!`.
    public static let createCustomerEvent = """
        mutation createCustomerEvent($input: CreateCustomerEventInput!) { \
        createCustomerEvent(input: $input) { customerEvent { id } \(errorSelection) } }
        """

    /// `createThreadEvent`, taking `$input: CreateThreadEventInput!`.
    public static let createThreadEvent = """
        mutation createThreadEvent($input: CreateThreadEventInput!) { \
        createThreadEvent(input: $input) { threadEvent { id } \(errorSelection) } }
        """

    /// The operation name, document and the result field for an event of `kind`.
    public static func operation(for kind: EventKind) -> (name: String, document: String, eventField: String) {
        switch kind {
        case .customer: ("createCustomerEvent", createCustomerEvent, "customerEvent")
        case .thread: ("createThreadEvent", createThreadEvent, "threadEvent")
        }
    }

    /// The request body for `event`: `{"query", "variables": {"input"}, "operationName"}`.
    public static func body(for event: EventInput) -> JSONValue {
        let operation = operation(for: event.kind)
        return .object(
            JSONObject([
                "query": .string(operation.document),
                "variables": .object(JSONObject(["input": .object(event.inputWithExternalId)])),
                "operationName": .string(operation.name),
            ])
        )
    }
}
