import Foundation
import Testing

@testable import PlainImport

/// The preview reads records as `import` does and shows the very input it would send.
@Suite struct PreviewReaderTests {
    static let samples = repositoryRoot.appendingPathComponent("samples").path

    @Test func eachLineCarriesTheInputThatTheRequestBodyCarries() throws {
        let mapping = try MappingParser.load(path: "\(Self.samples)/orders-mapping.yaml")
        let orders = try PreviewReader(mapping: mapping, limit: 1_000).read(try InputFile.expand(["\(Self.samples)/orders.csv"], format: nil))
        let native = try PreviewReader(mapping: nil, limit: 1_000).read(try InputFile.expand(["\(Self.samples)/events.ndjson"], format: nil))
        let entries = orders.entries + native.entries
        #expect(entries.count == 500)
        for entry in entries {
            let event = try #require(entry.event, "\(entry.place): \(String(describing: entry.problem))")
            let body = GraphQLDocuments.body(for: event).objectValue
            let sent = body?["variables"]?.objectValue?["input"]
            #expect(sent != nil)
            #expect(entry.json.objectValue?["input"] == sent, "\(entry.place)")
            #expect(entry.json.objectValue?["externalId"] == .string(event.externalId))
            #expect(entry.json.objectValue?["kind"] == .string(event.kind.rawValue))
        }
        #expect(native.entries.contains { $0.event?.externalId.hasPrefix("pi_") == true }, "derived ids are shown too")
    }

    @Test func limitCountsOverAllInputsAndSaysWhenMoreFollow() throws {
        let directory = temporaryDirectory()
        let line = #"{"customerIdentifier":{"emailAddress":"a@example.com"},"title":"t{n}","components":[]}"#
        let first = write(
            (1...3).map { line.replacingOccurrences(of: "{n}", with: "\($0)") }.joined(separator: "\n") + "\n",
            to: "a.ndjson",
            in: directory
        )
        let second = write(
            (4...5).map { line.replacingOccurrences(of: "{n}", with: "\($0)") }.joined(separator: "\n") + "\n",
            to: "b.ndjson",
            in: directory
        )
        let files = try InputFile.expand([first, second], format: nil)
        let four = try PreviewReader(mapping: nil, limit: 4).read(files)
        #expect(four.entries.map(\.place) == ["\(first):1", "\(first):2", "\(first):3", "\(second):1"])
        #expect(four.hasMore)
        let all = try PreviewReader(mapping: nil, limit: 5).read(files)
        #expect(all.entries.count == 5)
        #expect(!all.hasMore)
    }
}
