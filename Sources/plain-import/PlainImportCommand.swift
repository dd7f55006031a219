import ArgumentParser
import Foundation

/// `plain-import`: backfills historical events into Plain.
@main
struct PlainImportCommand: AsyncParsableCommand {
    /// The version `--version` prints.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "plain-import",
        abstract: "Backfill historical events into Plain from CSV or NDJSON, resumably and without duplicates.",
        discussion: """
            Exit codes: 0 all records are in Plain; 1 some records failed or were invalid (see `plain-import failures`); \
            2 usage, configuration or input error before anything was sent; 3 stopped early, resumable; \
            4 another run holds the journal; 5 Plain refused the API key or its permissions.
            """,
        version: version,
        subcommands: [
            ImportCommand.self, CheckCommand.self, PreviewCommand.self, ValidateCommand.self, StatusCommand.self,
            FailuresCommand.self, VerifyCommand.self, DemoCommand.self,
        ]
    )

    /// Parses and runs the command. Every error becomes its message and an exit code here, in one
    /// place: usage errors (unknown option, missing value, failed validation) exit 2 as SPEC §12.1
    /// says, not the parser's 64; `--help` and `--version` exit 0; a command's own `ExitCode` is kept.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let message = fullMessage(for: error)
            let status = exitStatus(for: error)
            if !message.isEmpty {
                if status == ExitCode.success.rawValue {
                    Console.output(message)
                } else {
                    Console.error(message)
                }
            }
            Foundation.exit(status)
        }
    }

    /// The process exit status for an error that parsing or running threw: the parser's usage
    /// failure (64, `EX_USAGE`) is `ExitStatus.usageOrInput` (2); everything else as the parser says.
    static func exitStatus(for error: any Error) -> Int32 {
        let code = exitCode(for: error)
        if code == .validationFailure { return ExitStatus.usageOrInput.rawValue }
        return code.rawValue
    }
}
