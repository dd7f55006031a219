/// One GraphQL request plain-import sends: the document, its variables, and where in `data`
/// its answer lies. Built only by `GraphQLDocuments`, whose documents the schema tests check.
public struct GraphQLOperation: Sendable, Hashable {
    /// The `operationName`.
    public let name: String
    public let document: String
    public let variables: JSONObject
    /// The member of `data` that holds the answer; nil: `data` itself.
    public let resultField: String?
    /// A member of the answer that must be an object for the answer to count as given (the
    /// created event, the upserted customer); nil when a null answer is an answer ("not found").
    public let requiredField: String?

    /// An operation; see the properties.
    public init(name: String, document: String, variables: JSONObject, resultField: String?, requiredField: String? = nil) {
        self.name = name
        self.document = document
        self.variables = variables
        self.resultField = resultField
        self.requiredField = requiredField
    }

    /// `variables` as JSON when they were written already (an event's input as the mapping
    /// engine wrote it): exactly what `JSONWriter` writes of `variables`.
    var variablesBytes: [UInt8]?

    /// The request body as sent: exactly `JSONWriter.bytes(body)`, written without building
    /// `body` first.
    public var bodyBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(document.utf8.count + 512)
        output.append(contentsOf: #"{"query":"#.utf8)
        var document = document
        document.withUTF8 { JSONWriter.appendString($0, to: &output) }
        output.append(contentsOf: #","variables":"#.utf8)
        if let variablesBytes {
            output.append(contentsOf: variablesBytes)
        } else {
            JSONWriter.write(variables, canonical: false, into: &output)
        }
        output.append(contentsOf: #","operationName":"#.utf8)
        var name = name
        name.withUTF8 { JSONWriter.appendString($0, to: &output) }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The request body: `{"query", "variables", "operationName"}`.
    public var body: JSONValue {
        .object(
            JSONObject([
                "query": .string(document),
                "variables": .object(variables),
                "operationName": .string(name),
            ])
        )
    }
}
