import Foundation

/// Inputs several binary tests share.
enum Fixtures {
    /// `mixed.ndjson` in `directory`: a valid customer event on line 1, a line that is not JSON
    /// on line 2, and an event with an empty title on line 3.
    static func mixedNDJSON(in directory: URL) throws -> URL {
        let input = directory.appendingPathComponent("mixed.ndjson")
        try Data(
            """
            {"customerIdentifier":{"emailAddress":"a@example.com"},"title":"fine","components":[]}
            not json
            {"customerIdentifier":{"emailAddress":"a@example.com"},"title":"","components":[]}

            """.utf8
        ).write(to: input)
        return input
    }
}
