import Foundation
import Testing

/// The engine's layers (README "How it works"), checked on the sources: a folder may use the
/// types of the folders it is allowed to and no other. A type is "used" when its name appears
/// as a word outside comments and string literals. Breaking a rule fails here, naming the file,
/// the type and the folder it belongs to.
@Suite struct LayeringTests {
    static let engine = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PlainImport")

    /// What each folder must never use.
    static let forbidden: [String: Set<String>] = [
        "JSON": ["Input", "Plain", "Mapping", "Journal", "Upload", "Preview", "Runs"],
        "Input": ["Plain", "Mapping", "Journal", "Upload", "Preview", "Runs"],
        "Plain": ["Input", "Mapping", "Journal", "Upload", "Preview", "Runs"],
        "Mapping": ["Journal", "Upload", "Preview", "Runs"],
        "Journal": ["Upload", "Mapping", "Preview", "Runs"],
        "Upload": ["Journal", "Mapping", "Input", "Preview", "Runs"],
        "Preview": ["Upload", "Journal", "Runs"],
        "Runs": [],
    ]

    /// Uses that break a rule today, each a known debt (issue 19), to be removed, never added to.
    static let knownDebts: Set<String> = []

    @Test func everyFolderUsesOnlyTheLayersBelowIt() throws {
        let folders = Self.forbidden.keys.sorted()
        var declared: [String: String] = [:]  // type name → folder
        var texts: [String: [(file: String, words: Set<String>)]] = [:]
        for folder in folders {
            let directory = Self.engine.appendingPathComponent(folder)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }.sorted()
            #expect(!files.isEmpty, "Sources/PlainImport/\(folder) has no sources")
            for file in files {
                let code = Self.code(of: try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
                for name in Self.declarations(in: code) { declared[name] = folder }
                texts[folder, default: []].append((file, Self.words(in: code)))
            }
        }
        let topLevel = try FileManager.default.contentsOfDirectory(atPath: Self.engine.path).filter { $0.hasSuffix(".swift") }
        #expect(topLevel.isEmpty, "every engine file belongs to a layer's folder: \(topLevel)")
        var broken: [String] = []
        for folder in folders {
            for (file, words) in texts[folder] ?? [] {
                for word in words.sorted() {
                    guard let owner = declared[word], owner != folder, Self.forbidden[folder]?.contains(owner) == true else { continue }
                    let use = "\(folder)/\(file) uses \(word) (\(owner)/)"
                    if !Self.knownDebts.contains(use) { broken.append(use) }
                }
            }
        }
        #expect(broken.isEmpty, "layer rules broken:\n\(broken.joined(separator: "\n"))")
    }

    /// Control flows down: the uploader says what Plain's answers mean (`Uploader.Outcome.stopsRun`);
    /// only the run stops itself. No file of `Upload/` asks for a stop.
    @Test func theUploaderStopsNoRun() throws {
        let directory = Self.engine.appendingPathComponent("Upload")
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).filter({ $0.hasSuffix(".swift") }) {
            let code = Self.code(of: try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
            let calls = code.components(separatedBy: "requestStop(").count - 1
            let declares = code.components(separatedBy: "func requestStop(").count - 1
            #expect(calls == declares, "Upload/\(file) asks for a stop")
        }
    }

    /// The source without comments and the contents of string literals.
    /// The engine states facts and names a `Remedy`; only the executable spells a flag. No
    /// string literal of the engine holds `--` followed by a letter (a CLI flag's spelling).
    @Test func theEngineNamesNoCLIFlag() throws {
        let files =
            FileManager.default.enumerator(at: Self.engine, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(!files.isEmpty)
        let flag = try NSRegularExpression(pattern: #""[^"\n]*--[a-z][^"\n]*""#)
        for file in files where file.lastPathComponent != "PreviewStyle.swift" {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                let text = String(line)
                let found = flag.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
                #expect(found == nil, "\(file.lastPathComponent):\(number + 1) names a CLI flag: \(text)")
            }
        }
    }

    static func code(of source: String) -> String {
        var output = ""
        var index = source.startIndex
        var inString = false
        while index < source.endIndex {
            let rest = source[index...]
            if !inString && rest.hasPrefix("//") {
                index = source[index...].firstIndex(of: "\n") ?? source.endIndex
                continue
            }
            if !inString && rest.hasPrefix("/*") {
                index = source[index...].range(of: "*/")?.upperBound ?? source.endIndex
                continue
            }
            let character = source[index]
            if character == "\\" && inString {
                index = source.index(after: index)
                if index < source.endIndex { index = source.index(after: index) }
                continue
            }
            if character == "\"" { inString.toggle() }
            if !inString || character == "\"" { output.append(character) }
            index = source.index(after: index)
        }
        return output
    }

    /// Names of the types, protocols and type aliases declared at the top level of `code`.
    static func declarations(in code: String) -> [String] {
        let pattern =
            #"(?m)^(?:@\w+\s+)*(?:(?:public|internal|private|fileprivate|final|indirect)\s+)*(?:struct|enum|class|actor|protocol|typealias)\s+(\w+)"#
        let expression = try? NSRegularExpression(pattern: pattern)
        let range = NSRange(code.startIndex..., in: code)
        return (expression?.matches(in: code, range: range) ?? []).compactMap { match in
            Range(match.range(at: 1), in: code).map { String(code[$0]) }
        }
    }

    static func words(in code: String) -> Set<String> {
        Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
    }
}
