import Foundation
import GraphQL
import Testing

/// Plain's published GraphQL schema, for the tests that check what the client sends against it.
///
/// The schema is never copied into the project. It is read from the file named by the
/// environment variable `PLAIN_SCHEMA_PATH`, else from `../shared/plain/schema.graphql` beside
/// the repository. Where neither exists (a fresh clone), suites that need it are skipped with
/// `PlainSchema.unavailableReason`: tag them `.enabled(if: PlainSchema.isAvailable, PlainSchema.unavailableReason)`.
enum PlainSchema {
    /// Where Plain publishes the schema; download it and point `PLAIN_SCHEMA_PATH` at the file.
    static let publishedURL = "https://core-api.uk.plain.com/graphql/v1/schema.graphql"

    /// The environment variable that names the schema file.
    static let environmentVariable = "PLAIN_SCHEMA_PATH"

    /// The schema's place beside the repository, used when `PLAIN_SCHEMA_PATH` is not set.
    static let sharedPath = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/plain/schema.graphql").path

    /// The file the schema is read from: `PLAIN_SCHEMA_PATH` when set (even if it names no file,
    /// so that a wrong setting fails rather than skips), else `../shared/plain/schema.graphql`.
    static var path: String {
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty {
            return configured
        }
        return sharedPath
    }

    /// Whether schema tests can run: `PLAIN_SCHEMA_PATH` is set, or the shared file exists.
    static var isAvailable: Bool {
        if let configured = ProcessInfo.processInfo.environment[environmentVariable], !configured.isEmpty { return true }
        return FileManager.default.isReadableFile(atPath: sharedPath)
    }

    /// Why schema tests are skipped, and how to run them.
    static var unavailableReason: Comment {
        Comment(
            rawValue: """
                Plain's schema not found: set \(environmentVariable) to a copy of \(publishedURL) \
                or place it at \(sharedPath) (../shared/plain/schema.graphql beside the repository)
                """
        )
    }

    /// Reads and builds the schema from `path`.
    static func load() throws -> GraphQLSchema {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Unavailable(path: path, reason: "\(error)")
        }
        return try buildSchema(source: text)
    }

    /// The schema file could not be read; names the file and where the schema comes from.
    struct Unavailable: Error, CustomStringConvertible {
        let path: String
        let reason: String

        var description: String {
            "cannot read Plain's schema at \(path) (\(PlainSchema.environmentVariable), else ../shared/plain/schema.graphql; "
                + "published at \(PlainSchema.publishedURL)): \(reason)"
        }
    }
}
