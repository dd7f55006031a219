import ArgumentParser
import Foundation
import PlainImport

/// `plain-import preview`: maps the first records offline and shows them as Plain would, in a
/// self-contained HTML page, or as the exact inputs `import` would send (`--json`).
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Map the first records offline and write an HTML page that shows them as Plain's timeline would; send nothing.",
        discussion: """
            Needs no key and no journal. With --json, prints one line per record instead: {"source", "line", "kind", \
            "externalId", "input"} with the input exactly as import would send it, or {"source", "line", "error"}. \
            Exit 0 when every shown record is valid, 1 when some are invalid, 2 on a usage, mapping or input error.
            """
    )

    @OptionGroup var logFormatOption: LogFormatOption

    @OptionGroup var input: InputOptions

    @Option(help: "How many records to show, counted over all inputs.")
    var limit: Int = 50

    @Option(help: "Where to write the page.")
    var output: String = "plain-import-preview.html"

    @Flag(help: "Print one JSON line per record on stdout instead of writing the page.")
    var json = false

    @Flag(help: "Only errors on stderr.")
    var quiet = false

    func run() async throws {
        logFormatOption.apply()
        // Checked here rather than in validate(): a usage error exits 2 (SPEC §12.1).
        guard limit >= 1 else {
            Console.error("plain-import: --limit must be at least 1")
            throw ExitStatus.usageOrInput.exitCode
        }
        throw Self.preview(Request(input: input, limit: limit, output: output, json: json, quiet: quiet)).exitCode
    }

    /// What to preview and where; the command's options, also built by `demo`.
    struct Request {
        var input: InputOptions
        var limit: Int
        var output: String
        var json: Bool
        var quiet: Bool
    }

    /// Reads, maps and writes; the exit status of SPEC §8 `preview`.
    static func preview(_ command: Request) -> ExitStatus {
        let mapping: Mapping?
        do {
            mapping = try command.input.mapping.map { path throws(MappingError) in try MappingParser.load(path: path) }
        } catch {
            Console.error("plain-import: mapping \(error)")
            return .usageOrInput
        }
        let result: PreviewReader.Result
        do {
            let files = try InputFile.expand(
                command.input.inputs,
                format: command.input.format,
                encoding: command.input.encoding,
                skipped: { directory, names in
                    Console.error("plain-import: \(directory): not read (not inputs by their names): \(names.joined(separator: ", "))")
                }
            )
            result = try PreviewReader(mapping: mapping, limit: command.limit).read(files)
        } catch {
            Console.error("plain-import: input \(Advice.describe(error))")
            return .usageOrInput
        }
        if command.json {
            for entry in result.entries { Console.output(JSONWriter.string(entry.json)) }
        } else {
            let context = PreviewRenderer.Context(inputs: command.input.inputs, mapping: command.input.mapping, limit: command.limit)
            let page = PreviewRenderer(context: context).page(result)
            do {
                try PrivateFile.write(page.utf8, to: command.output)
            } catch {
                Console.error("plain-import: \(Advice.describe(error))")
                return .usageOrInput
            }
        }
        if !command.quiet {
            for hint in result.readingHints { Console.error(Advice.say(hint)) }
            for entry in result.entries {
                if let problem = entry.problem { Console.error("\(entry.place): \(problem)") }
            }
            let invalid = result.invalidCount
            var line = "plain-import: \(result.entries.count) records shown, \(result.entries.count - invalid) valid, \(invalid) invalid"
            if result.filtered > 0 { line += "; \(result.filtered) filtered out by where: before them" }
            if result.hasMore { line += " (more follow; --limit \(command.limit))" }
            if !command.json { line += "; open \(absolutePath(command.output))" }
            Console.error(line)
        }
        return ExitStatus(result.verdict)
    }

    /// `path` made absolute against the working directory, for a `file://` a person can open.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
