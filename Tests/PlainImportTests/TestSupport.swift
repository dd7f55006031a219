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
