import Foundation
import PlainImport
import Testing

/// What a directory given as input holds (issue 20.5), through the binary: no input at all is
/// the same error for every command (exit 2), and files that are not inputs are named once.
@Suite struct InputDirectoryTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-dir-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    @Test func aDirectoryWithoutInputsIsTheSameErrorForEveryCommand() async throws {
        let inputs = directory.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Data("notes".utf8).write(to: inputs.appendingPathComponent("README.txt"))
        try Data("old".utf8).write(to: inputs.appendingPathComponent("events.ndjson.bak"))
        let cli = BinaryRunner(directory: directory, environment: ["PLAIN_API_KEY": "k", "PLAIN_API_URL": "http://127.0.0.1:9/graphql/v1"])
        for command in ["validate", "preview", "import", "check"] {
            let result = try await cli.run([command, inputs.path])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("no .csv"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("files found"), "\(command): \(result.stderr)")
        }
    }

    @Test func filesThatAreNotInputsAreNamedOnce() async throws {
        let inputs = directory.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Data((#"{"threadId":"th_1","title":"t","components":[]}"# + "\n").utf8).write(to: inputs.appendingPathComponent("a.ndjson"))
        try Data("notes".utf8).write(to: inputs.appendingPathComponent("README.txt"))
        try Data("old".utf8).write(to: inputs.appendingPathComponent("a.ndjson.bak"))
        let result = try await BinaryRunner(directory: directory).run(["validate", inputs.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.components(separatedBy: "not read (not inputs by their names): README.txt, a.ndjson.bak").count - 1 == 1,
            "\(result.stderr)"
        )
    }
}
