import ArgumentParser
import Foundation
import PlainImport

/// `plain-import failures`: exports failed and invalid records as NDJSON.
struct FailuresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failures",
        abstract: "Export failed and invalid records as NDJSON (stdout, or --output FILE)."
    )

    @OptionGroup var journalOption: JournalOption

    @Option(help: "Write to this file instead of stdout.")
    var output: String?

    func run() async throws {
        do {
            let journal = try Journal(path: journalOption.journal, readOnly: true)
            let entries = try journal.failures()
            var text = ""
            for entry in entries { text += JSONWriter.string(FailureRecord(entry).json) + "\n" }
            if let output {
                guard
                    FileManager.default.createFile(
                        atPath: output,
                        contents: Data(text.utf8),
                        attributes: [.posixPermissions: 0o600]
                    )
                else {
                    Console.error("plain-import: cannot write \(output)")
                    throw ExitStatus.usageOrInput.exitCode
                }
                Console.error("plain-import: \(entries.count) records written to \(output)")
            } else {
                FileOutput.standardOutput.write(text)
            }
        } catch let error as JournalError {
            Console.error("plain-import: \(error)")
            throw ExitStatus.usageOrInput.exitCode
        }
    }
}
