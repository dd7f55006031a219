import Foundation

@testable import PlainImport

/// A fresh temporary directory for one test.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to a file in `directory` and returns its path.
@discardableResult
func write(_ text: String, to name: String, in directory: URL) -> String {
    let url = directory.appendingPathComponent(name)
    _ = FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
    return url.path
}

/// Writes raw bytes to a file and returns its path.
func write(bytes: [UInt8], to name: String, in directory: URL) -> String {
    let url = directory.appendingPathComponent(name)
    _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
    return url.path
}

/// Every record of a reader.
func readAll(_ reader: any RecordReader) throws -> [SourceRecord] {
    var records: [SourceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// The repository's root, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

extension SourceRecord {
    var cells: [String]? { if case .fields(let row) = content { row.cells } else { nil } }
    var object: JSONObject? { if case .object(let object) = content { object } else { nil } }
    var brokenReason: String? { if case .broken(let reason, _) = content { reason } else { nil } }
}

/// A generator for randomized tests that can be replayed: SplitMix64 from a seed, taken from
/// `PLAIN_IMPORT_TEST_SEED` when set, else fresh. Tests put `seed` in their failure messages, so
/// that a failure can be run again with the same values.
struct SeededGenerator: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64? = ProcessInfo.processInfo.environment["PLAIN_IMPORT_TEST_SEED"].flatMap { UInt64($0) }) {
        let chosen = seed ?? UInt64.random(in: 0...UInt64.max)
        self.seed = chosen
        state = chosen
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `seed=…` for messages.
    var replay: String { "replay with PLAIN_IMPORT_TEST_SEED=\(seed)" }
}
