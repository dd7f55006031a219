/// One GraphQL request plain-import sends: the document, its variables, and where in `data`
/// its answer lies. Built only by `GraphQLDocuments`, whose documents the schema tests check.
public struct GraphQLOperation: Sendable, Hashable {
    /// The `operationName`.
    public let name: String
    public let document: String
    /// The variables as sent: the JSON text of an object.
    public let variablesJSON: [UInt8]
    /// The member of `data` that holds the answer; nil: `data` itself.
    public let resultField: String?
    /// A member of the answer that must be an object for the answer to count as given (the
    /// created event, the upserted customer); nil when a null answer is an answer ("not found").
    public let requiredField: String?

    /// An operation; see the properties.
    public init(name: String, document: String, variables: JSONObject, resultField: String?, requiredField: String? = nil) {
        self.init(
            name: name,
            document: document,
            variablesJSON: JSONWriter.bytes(.object(variables)),
            resultField: resultField,
            requiredField: requiredField
        )
    }

    /// An operation whose variables were written already (an event's input as the mapping
    /// engine wrote it, its externalId spliced in).
    init(name: String, document: String, variablesJSON: [UInt8], resultField: String?, requiredField: String?) {
        self.name = name
        self.document = document
        self.variablesJSON = variablesJSON
        self.resultField = resultField
        self.requiredField = requiredField
    }

    /// The variables, read back from `variablesJSON` (for checks and tests; sending never does).
    public var variables: JSONObject {
        let value = variablesJSON.withUnsafeBufferPointer { bytes in try? JSONParser.parse(bytes) }
        return value?.objectValue ?? JSONObject()
    }

    /// The request body as sent: `{"query", "variables", "operationName"}` with the variables'
    /// bytes as they are; exactly `JSONWriter.bytes(body)`.
    public var bodyBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(document.utf8.count + variablesJSON.count + 64)
        output.append(contentsOf: #"{"query":"#.utf8)
        var document = document
        document.withUTF8 { JSONWriter.appendString($0, to: &output) }
        output.append(contentsOf: #","variables":"#.utf8)
        output.append(contentsOf: variablesJSON)
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
