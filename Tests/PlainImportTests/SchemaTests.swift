import Foundation
import GraphQL
import OrderedCollections
import Testing

@testable import PlainImport

/// Every document the client sends, with representative variables, is checked against Plain's
/// published schema (`PlainSchema`: `PLAIN_SCHEMA_PATH` or ../shared, never copied into the project).
// Skipped, with the message saying where the schema comes from, on a clone without ../shared.
@Suite(.enabled(if: PlainSchema.isAvailable, PlainSchema.unavailableReason))
struct SchemaTests {
    func schema() throws -> GraphQLSchema {
        try PlainSchema.load()
    }

    /// Converts our JSON to GraphQLSwift's `Map`.
    func map(_ value: JSONValue) -> Map {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let literal): return .number(Number(Double(literal) ?? 0))
        case .string(let text): return .string(text)
        case .array(let items): return .array(items.map(map))
        case .object(let object):
            var dictionary = OrderedDictionary<String, Map>()
            for member in object { dictionary[member.key] = map(member.value) }
            return .dictionary(dictionary)
        }
    }

    /// The errors Plain's schema finds in the document and variables the client sends for `event`.
    func schemaErrors(_ event: EventInput, schema: GraphQLSchema) async throws -> [GraphQLError] {
        try await schemaErrors(of: GraphQLDocuments.create(event), schema: schema)
    }

    /// The errors Plain's schema finds in `operation`'s document and its variables.
    func schemaErrors(of operation: GraphQLOperation, schema: GraphQLSchema) async throws -> [GraphQLError] {
        let document = try parse(source: Source(body: operation.document))
        let errors = GraphQL.validate(schema: schema, ast: document)
        if !errors.isEmpty { return errors }
        // Executing coerces the variables against the input types: unknown fields, wrong enum
        // values and missing required fields are errors here.
        let result = try await graphql(
            schema: schema,
            request: operation.document,
            variableValues: operation.variables.members.reduce(into: [:]) { $0[$1.key] = map($1.value) },
            operationName: operation.name
        )
        return result.errors.filter { $0.message.contains("Variable") || $0.message.contains("$") }
    }

    func check(_ event: EventInput, schema: GraphQLSchema) async throws {
        let errors = try await schemaErrors(event, schema: schema)
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test func theCheckCatchesBadVariables() async throws {
        let bad = EventInput(
            kind: .customer,
            input: JSONObject([
                "customerIdentifier": .object(JSONObject(["emailAddress": "a@example.com"])), "title": "t",
                "components": .array([.object(JSONObject(["componentBadge": .object(JSONObject(["badgeLabel": "x", "badgeColor": "PINK"]))]))]),
            ]),
            externalId: nil
        )
        #expect(!(try await schemaErrors(bad, schema: try schema())).isEmpty)
    }

    @Test func documentsAndMappedVariablesValidate() async throws {
        let yaml = try String(contentsOf: repositoryRoot.appendingPathComponent("samples/orders-mapping.yaml"), encoding: .utf8)
        let mapping = try MappingParser.parse(yaml, file: "orders-mapping.yaml")
        let names = ["order_id", "email", "event", "occurred_at", "amount", "currency", "plan", "note", "agent_email"]
        let cells = ["ORD-1", "a@example.com", "Order paid", "2024-10-28T18:30:00", "9.99", "GBP", "Pro", "note", "s@example.com"]
        let event = try CompiledMapping(mapping: mapping, columns: ColumnIndex(names: names)).event(for: CSVRow(cells: cells))!
        #expect(event.input["components"]?.arrayValue?.count == 12)
        try await check(event, schema: try schema())
    }

    @Test func nativeSampleInputsValidate() async throws {
        let path = repositoryRoot.appendingPathComponent("samples/events.ndjson").path
        let reader = NDJSONRecordReader(source: try FileByteSource(path: path))
        let schema = try schema()
        var kinds = Set<EventKind>()
        var checked = 0
        while let record = try reader.next(), checked < 25 {
            guard case .object(let object) = record.content else {
                Issue.record("sample line \(record.line) broken")
                continue
            }
            let event = try NativeInputReader.event(from: object)
            kinds.insert(event.kind)
            try await check(event, schema: schema)
            checked += 1
        }
        #expect(kinds == [.customer, .thread])
    }

    @Test func selectingExternalIdOnAnEventIsRefusedBySchema() throws {
        let document = try parse(
            source: Source(
                body: "mutation m($input: CreateCustomerEventInput!) { createCustomerEvent(input: $input) { customerEvent { id externalId } } }"
            )
        )
        #expect(!GraphQL.validate(schema: try schema(), ast: document).isEmpty)
    }
}
