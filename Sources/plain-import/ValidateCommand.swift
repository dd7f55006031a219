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

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let logger = Console.logger(quiet: output.quiet, verbose: output.verbose)
        throw Self.validate(input: input, output: output, logger: logger).exitCode
    }

    /// Validates and reports; shared with `import --dry-run`.
    static func validate(input: InputOptions, output: OutputOptions, logger: Logger) -> ExitStatus {
        let mapping: Mapping?
        do {
            mapping = try input.mapping.map { path throws(MappingError) in try MappingParser.load(path: path) }
        } catch {
            Console.error("plain-import: mapping \(error)")
            return .usageOrInput
        }
        do {
            let files = try InputFile.expand(input.inputs, format: input.format)
            let summary = try Validator(mapping: mapping).validate(files) { invalid in
                Console.error("\(invalid.source):\(invalid.line): \(invalid.problem)")
                if output.json {
                    let entry = FailureRecord(
                        source: invalid.source,
                        line: invalid.line,
                        externalId: nil,
                        status: "invalid",
                        code: "invalid_record",
                        message: invalid.problem.description,
                        fields: invalid.problem.field.map {
                            [PlainFailure.FieldError(field: $0, message: invalid.problem.message, type: "VALIDATION")]
                        } ?? [],
                        record: invalid.record
                    )
                    Console.output(JSONWriter.string(entry.json))
                }
            }
            if !output.quiet {
                Console.error("plain-import: \(summary.records) records, \(summary.valid) valid, \(summary.invalid) invalid")
            }
            return summary.invalid == 0 ? .complete : .someRecordsUnsettled
        } catch {
            Console.error("plain-import: input \(error)")
            return .usageOrInput
        }
    }
}
