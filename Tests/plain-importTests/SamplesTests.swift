import Foundation
import Testing

/// The demo's bundled samples are the repository's samples/ (samples/generate.py writes both).
@Test func bundledSamplesMatchTheRepositorySamples() throws {
    let root = BinaryRunner.repositoryRoot
    for name in ["orders.csv", "orders-mapping.yaml", "events.ndjson", "late-orders.csv"] {
        let original = try Data(contentsOf: root.appendingPathComponent("samples/\(name)"))
        let bundled = try Data(contentsOf: root.appendingPathComponent("Sources/plain-import/Samples/\(name)"))
        #expect(original == bundled, "\(name) differs: run samples/generate.py")
        #expect(!original.isEmpty)
    }
}
