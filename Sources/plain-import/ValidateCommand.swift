import ArgumentParser
import Logging
import PlainImport

/// `plain-import validate`: reads and maps everything offline and reports invalid records.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Read and map the inputs offline; report each invalid record; send nothing.",
        discussion: "Exit 0 when every record maps, 1 when some do not, 2 on a usage or mapping error."
    )

    @OptionGroup var logFormatOption: LogFormatOption

    @OptionGroup var input: InputOptions

    @Flag(
        help: "Print each invalid record on stdout as one JSON line shaped as `failures` prints it (NDJSON); the counts stay on stderr."
    )
    var json = false

    @Flag(help: "Only errors on stderr (no closing count).")
    var quiet = false

    @Flag(help: "Debug detail on stderr.")
    var verbose = false

    func run() async throws {
        logFormatOption.apply()
        let logger = Console.logger(quiet: quiet, verbose: verbose)
        throw Self.validate(input: input, json: json, quiet: quiet, logger: logger).exitCode
    }

    /// Validates and reports; shared with `import --dry-run`. `json`: each invalid record as a
    /// `failures`-shaped line on stdout.
    static func validate(input: InputOptions, json: Bool, quiet: Bool, logger: Logger) -> ExitStatus {
        let mapping: Mapping?
        do {
            mapping = try input.mapping.map { path throws(MappingError) in try MappingParser.load(path: path) }
        } catch {
            Console.error("plain-import: mapping \(error)")
            return .usageOrInput
        }
        do {
            let files = try InputFile.expand(
                input.inputs,
                format: input.format,
                encoding: input.encoding,
                skipped: { directory, names in
                    Console.error("plain-import: \(directory): not read (not inputs by their names): \(names.joined(separator: ", "))")
                }
            )
            let report: (Validator.InvalidRecord) -> Void = { invalid in
                Console.error(
                    "\(invalid.source):\(invalid.line): \(invalid.problem)",
                    details: Console.recordDetails(source: invalid.source, line: invalid.line, field: invalid.problem.field, code: InputProblem.code),
                    level: "warning"
                )
                if json {
                    let entry = FailureRecord(
                        source: invalid.source,
                        line: invalid.line,
                        externalId: nil,
                        status: RecordStatus.invalid.rawValue,
                        code: InputProblem.code,
                        message: invalid.problem.description,
                        fields: invalid.problem.fieldErrors,
                        record: invalid.record
                    )
                    Console.output(JSONWriter.string(entry.json))
                }
            }
            let summary = try Validator(mapping: mapping).validate(files, hint: { Console.error(Advice.say($0)) }, report: report)
            if !quiet {
                Console.error(
                    "plain-import: \(summary.records) records, \(summary.valid) valid, \(summary.invalid) invalid"
                        + (summary.filtered > 0 ? ", \(summary.filtered) filtered out by where:" : "")
                )
            }
            return ExitStatus(summary.verdict)
        } catch {
            Console.error("plain-import: input \(Advice.describe(error))")
            return .usageOrInput
        }
    }
}
