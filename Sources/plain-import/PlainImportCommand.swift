import ArgumentParser

/// `plain-import`: backfills historical events into Plain.
@main
struct PlainImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plain-import",
        abstract: "Backfill historical events into Plain from CSV or NDJSON, resumably and without duplicates.",
        discussion: """
            Exit codes: 0 all records are in Plain; 1 some records failed or were invalid (see `plain-import failures`); \
            2 usage, configuration or input error before anything was sent; 3 stopped early, resumable; \
            4 another run holds the journal; 5 Plain refused the API key or its permissions.
            """,
        subcommands: [
            ImportCommand.self, CheckCommand.self, PreviewCommand.self, ValidateCommand.self, StatusCommand.self,
            FailuresCommand.self, VerifyCommand.self, DemoCommand.self,
        ]
    )
}
