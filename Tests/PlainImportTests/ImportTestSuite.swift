import Foundation
import Logging
import PlainFake

@testable import PlainImport

/// A suite that runs the real importer against the stand-in Plain over loopback HTTP, with a
/// real journal file in the suite's own temporary directory.
protocol ImportTestSuite {
    var directory: URL { get }
    /// Most requests in flight in this suite's runs.
    var concurrency: Int { get }
}

extension ImportTestSuite {
    var concurrency: Int { 8 }
    var journalPath: String { directory.appendingPathComponent("journal.db").path }
    var quiet: Logger { Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }) }

    /// A run of `inputs` into this suite's journal, paced far above what the stand-in needs.
    func configuration(_ fake: PlainFake, inputs: [String], mapping: String?) throws -> ImportConfiguration {
        var configuration = ImportConfiguration(inputs: inputs)
        configuration.mappingPath = mapping
        configuration.journalPath = journalPath
        configuration.endpoint = fake.endpoint
        configuration.apiKey = try APIKey(fake.options.apiKey)
        configuration.rate = 60_000
        configuration.concurrency = concurrency
        return configuration
    }

    func run(_ configuration: ImportConfiguration) async throws -> ImportReport {
        try await Importer(configuration: configuration, logger: quiet).run()
    }
}
