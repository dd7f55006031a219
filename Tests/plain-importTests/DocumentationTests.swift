import Foundation
import Testing

/// The product documents itself: the README, `docs/` and every command's help never send a
/// reader outside the repository, and every relative link in them leads to a file that exists.
@Suite struct DocumentationTests {
    static let forbidden = ["../shared", "SPEC §", "SPEC.md"]

    static func pages() throws -> [URL] {
        let root = BinaryRunner.repositoryRoot
        let docs = try FileManager.default.contentsOfDirectory(at: root.appendingPathComponent("docs"), includingPropertiesForKeys: nil)
        return [root.appendingPathComponent("README.md")] + docs.filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
    }

    @Test func pagesAndHelpNameNothingOutsideTheRepository() async throws {
        for page in try Self.pages() {
            let text = try String(contentsOf: page, encoding: .utf8)
            for word in Self.forbidden {
                #expect(!text.contains(word), "\(page.lastPathComponent) names \(word)")
            }
        }
        let commands = ["import", "validate", "check", "preview", "status", "failures", "verify", "demo"]
        let cli = BinaryRunner(directory: FileManager.default.temporaryDirectory)
        for command in [[]] + commands.map({ [$0] }) {
            let help = try await cli.run(command + ["--help"])
            #expect(help.status == 0, "\(command)")
            for word in Self.forbidden {
                #expect(!help.stdout.contains(word), "\(command) --help names \(word)")
            }
        }
    }

    /// `[text](path)` and `[text](path#anchor)` links resolve to files (web links are not followed).
    @Test func relativeLinksLeadToFiles() throws {
        let pattern = try NSRegularExpression(pattern: #"\]\(([^)#\s]+)(#[^)\s]*)?\)"#)
        for page in try Self.pages() {
            let text = try String(contentsOf: page, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                guard let target = Range(match.range(at: 1), in: text).map({ String(text[$0]) }),
                    !target.contains("://"), !target.hasPrefix("mailto:")
                else { continue }
                let resolved = page.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(page.lastPathComponent) links to \(target), which does not exist")
            }
        }
    }

    @Test func theReadmeStaysShortAndStartsWithTheTwoCommands() throws {
        let readme = try String(contentsOf: BinaryRunner.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 200)
        let opening = readme.split(separator: "\n").prefix(6).joined(separator: "\n")
        #expect(opening.contains("swift run plain-import demo") && opening.contains("swift test"), "\(opening)")
    }
}
