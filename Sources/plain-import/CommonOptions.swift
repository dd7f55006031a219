import ArgumentParser
import PlainImport

/// Options shared by the commands that read inputs.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files, directories (their .csv/.ndjson/.jsonl files, optionally .gz, in name order) or - for stdin.")
    var inputs: [String]

    @Option(help: "Mapping file (YAML or JSON); required for CSV.")
    var mapping: String?

    @Option(help: "Input format, csv or ndjson (default: from the file extension).")
    var format: InputFormat?

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input file, directory or -") }
    }
}

extension InputFormat: ExpressibleByArgument {}

/// Where the journal is.
struct JournalOption: ParsableArguments {
    @Option(help: "Journal file (SQLite).")
    var journal: String = "plain-import.db"
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
