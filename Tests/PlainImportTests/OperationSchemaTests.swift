import Foundation
import GraphQL
import Testing

@testable import PlainImport

/// Every operation besides event creation (SPEC §8–§10) against Plain's published schema:
/// the documents validate, and the variables plain-import builds coerce to their types.
// Skipped, with the message saying where the schema comes from, on a clone without ../shared.
@Suite(.enabled(if: PlainSchema.isAvailable, PlainSchema.unavailableReason))
struct OperationSchemaTests {
    let schemaTests = SchemaTests()

    func errors(_ operation: GraphQLOperation, schema: GraphQLSchema) async throws -> [GraphQLError] {
        try await schemaTests.schemaErrors(of: operation, schema: schema)
    }

    @Test func everyDocumentValidates() throws {
        let schema = try schemaTests.schema()
        for (name, text) in GraphQLDocuments.all {
            let errors = GraphQL.validate(schema: schema, ast: try parse(source: Source(body: text)))
            #expect(errors.isEmpty, "\(name): \(errors)")
        }
    }

    @Test func theCheckCatchesABadSelection() throws {
        let document = try parse(source: Source(body: "query q { myPermissions { permissions name } }"))
        #expect(!GraphQL.validate(schema: try schemaTests.schema(), ast: document).isEmpty)
    }

    @Test func mappedUpsertsAndLookupsCoerce() async throws {
        let schema = try schemaTests.schema()
        let mapping = try MappingParser.parse(
            """
            customer: { externalId: "{{user_id}}" }
            upsertCustomer: { fullName: "{{name}}", shortName: "{{first?}}", email: "{{email}}" }
            title: "t"
            """,
            file: "m.yaml"
        )
        let columns = ColumnIndex(names: ["user_id", "name", "first", "email"])
        let event = try CompiledMapping(mapping: mapping, columns: columns).event(for: CSVRow(cells: ["u1", "Ada L", "Ada", "ada@example.com"]))!
        guard case .customer(let identifier, let upsert)? = event.prerequisite else {
            Issue.record("no upsert prerequisite")
            return
        }
        let operations = [
            GraphQLDocuments.upsertCustomer(upsert),
            GraphQLDocuments.findCustomer(identifier),
            GraphQLDocuments.findCustomer(CustomerIdentifier(key: .emailAddress, value: "a@example.com")),
            GraphQLDocuments.findCustomer(CustomerIdentifier(key: .customerId, value: "c_1")),
            GraphQLDocuments.findThread(customerId: "c_1", externalId: "T-1"),
            GraphQLDocuments.timelinePage(kind: .customer, targetId: "c_1", first: 100, after: nil),
            GraphQLDocuments.timelinePage(kind: .thread, targetId: "th_1", first: 100, after: "cursor"),
            GraphQLDocuments.findWorkspaceAndPermissions,
        ]
        for operation in operations {
            let found = try await errors(operation, schema: schema)
            #expect(found.isEmpty, "\(operation.name): \(found)")
        }
        // And the check catches a bad upsert input.
        var bad = upsert
        bad["onUpdate"] = .object(JSONObject(["nickname": "x"]))
        #expect(!(try await errors(GraphQLDocuments.upsertCustomer(bad), schema: schema)).isEmpty)
    }
}
