import ArgumentParser
import PlainImport

/// Options shared by the commands that read inputs.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files, directories (their .csv/.tsv/.ndjson/.jsonl/.json files, optionally .gz, in name order) or - for stdin.")
    var inputs: [String]

    @OptionGroup var reading: ReadingOptions

    var mapping: String? { reading.mapping }
    var format: InputFormat? { reading.format }
    var encoding: TextEncoding? { reading.encoding }

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input file, directory or -") }
    }
}

/// How inputs are read: their mapping, format and encoding (also `check`, whose inputs are optional).
struct ReadingOptions: ParsableArguments {
    @Option(help: "Mapping file (YAML or JSON); required for CSV and TSV.")
    var mapping: String?

    @Option(help: "Input format: csv, tsv, ndjson or json (one array of objects) (default: from the file extension).")
    var format: InputFormat?

    @Option(
        help: "Input encoding: utf-8, utf-16le, utf-16be, latin1 or windows-1252 (default: UTF-8, or UTF-16 when the file starts with its BOM)."
    )
    var encoding: TextEncoding?
}

extension InputFormat: ExpressibleByArgument {}

extension TextEncoding: ExpressibleByArgument {}

/// Where the journal is.
struct JournalOption: ParsableArguments {
    @Option(help: "Journal file (SQLite).")
    var journal: String = ImportConfiguration.defaults.journalPath
}

/// How much is said on stderr.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON summary object on stdout at the end.")
    var json = false

    @Flag(help: "Only errors on stderr.")
    var quiet = false

    @Flag(help: "Debug detail on stderr (never the API key).")
    var verbose = false
}
