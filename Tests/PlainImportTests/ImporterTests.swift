import Foundation
import Logging
import PlainFake
import Testing

@testable import PlainImport

/// The real importer against the stand-in Plain over loopback HTTP, with a real journal file.
@Suite struct ImporterTests: ImportTestSuite {
    let directory = temporaryDirectory()
    let concurrency = 16
    static let samples = repositoryRoot.appendingPathComponent("samples").path

    @Test func samplesLandOnceAndRerunsSendNothing() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let csv = try configuration(fake, inputs: ["\(Self.samples)/orders.csv"], mapping: "\(Self.samples)/orders-mapping.yaml")
            let ndjson = try configuration(fake, inputs: ["\(Self.samples)/events.ndjson"], mapping: nil)
            let first = try await run(csv)
            #expect(first.verdict == .complete)
            #expect(first.run.created == 300)
            let second = try await run(ndjson)
            #expect(second.run.created == 200)
            #expect(await fake.store.events.count == 500)

            // All 11 component kinds and both event kinds arrived.
            var componentKinds = Set<String>()
            var eventKinds = Set<EventKind>()
            for event in await fake.store.events {
                eventKinds.insert(event.kind)
                for component in event.input["components"]?.arrayValue ?? [] {
                    componentKinds.formUnion(component.objectValue?.keys ?? [])
                }
            }
            #expect(componentKinds.count == 11, "\(componentKinds.sorted())")
            #expect(eventKinds == [.customer, .thread])

            // Same journal: nothing is sent.
            let requestsBefore = await fake.store.requests
            let again = try await run(csv)
            #expect(again.verdict == .complete)
            #expect(again.run.requests == 0)
            #expect(await fake.store.requests == requestsBefore)
            #expect(again.inputs.records == 300)

            // Journal deleted: every record is recognised by its externalId; nothing new is created.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journalPath + suffix) }
            let fresh = try await run(csv)
            #expect(fresh.verdict == .complete)
            #expect(fresh.run.created == 0)
            #expect(fresh.run.duplicates == 300)
            #expect(await fake.store.events.count == 500)
        }
    }

    @Test func badRecordsAreReportedAtTheirLinesWhileGoodOnesLand() async throws {
        let mapping = write(
            """
            customer: { email: "{{email}}" }
            title: "{{title}}"
            timestamp: "{{at?}}"
            """,
            to: "m.yaml",
            in: directory
        )
        let csv = write(
            """
            email,title,at
            a@example.com,ok one,2024-01-01
            short,row
            ,empty email,2024-01-01
            b@example.com,bad time,yesterday
            "c@example.com","multi
            line title",1730140200

            d@example.com,"never closed,2024-01-01
            e@example.com,ok last,

            """,
            to: "in.csv",
            in: directory
        )
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let report = try await run(try configuration(fake, inputs: [csv], mapping: mapping))
            #expect(report.verdict == .someRecordsUnsettled)
            #expect(report.run.created == 3)
            #expect(report.run.invalid == 4)
            let titles = Set(await fake.store.events.compactMap { $0.input["title"]?.stringValue })
            #expect(titles == ["ok one", "multi\nline title", "ok last"])
            let failures = try Journal(path: journalPath, readOnly: true).failures()
            #expect(failures.map(\.line) == [3, 4, 5, 9])
            #expect(failures.allSatisfy { $0.status == .invalid && $0.source == csv })
            #expect(failures[0].errorMessage?.contains("the row has 2 fields; the header has 3") == true)
            #expect(failures[1].errorMessage?.contains("customer.emailAddress") == true)
            #expect(failures[2].errorMessage?.contains("timestamp") == true)
            #expect(failures[0].record == #"{"email":"short","title":"row"}"#)
        }
    }

    @Test func plainRefusalsAreFailedWithPlainsAnswer() async throws {
        let lines = (1...6).map { n in
            #"{"customerIdentifier":{"emailAddress":"user\#(n)@example.com"},"title":"t\#(n)","components":[]}"#
        }
        let input = write(lines.joined(separator: "\n") + "\n", to: "in.ndjson", in: directory)
        var options = PlainFakeOptions.unthrottled
        options.knownCustomers = ["user1@example.com", "user2@example.com", "user3@example.com"]
        try await PlainFake.withRunning(options: options) { fake in
            let report = try await run(try configuration(fake, inputs: [input], mapping: nil))
            #expect(report.verdict == .someRecordsUnsettled)
            #expect(report.run.created == 3)
            #expect(report.run.failed == 3)
            let failures = try Journal(path: journalPath, readOnly: true).failures()
            #expect(failures.map(\.line) == [4, 5, 6])
            #expect(failures.allSatisfy { $0.errorCode == "not_found" && $0.requestId != nil && $0.status == .failed })
            #expect(failures[0].errorFields?.contains("NOT_FOUND") == true)
            // Failed records are settled: a re-run sends nothing unless asked to retry them.
            let before = await fake.store.requests
            _ = try await run(try configuration(fake, inputs: [input], mapping: nil))
            #expect(await fake.store.requests == before)
            var retry = try configuration(fake, inputs: [input], mapping: nil)
            retry.retryFailed = true
            let retried = try await run(retry)
            #expect(retried.run.requests == 3)
            #expect(retried.run.failed == 3)
        }
    }

    @Test func refusedKeyStopsTheRunAndMarksNothingFailed() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            var configuration = try configuration(fake, inputs: ["\(Self.samples)/events.ndjson"], mapping: nil)
            configuration.apiKey = try APIKey("not-the-key")
            let report = try await run(configuration)
            #expect(report.verdict == .authenticationRefused)
            #expect(report.authenticationFailure?.category == .unauthenticated)
            #expect(report.inputs.failed == 0)
            #expect(report.run.requests <= 16, "stops at once: at most what was in flight")
            #expect(await fake.store.events.isEmpty)
        }
    }

    @Test func aGrowingFileResumesFromItsCheckpoint() async throws {
        let path = directory.appendingPathComponent("grow.ndjson").path
        @Sendable func line(_ n: Int) -> String { #"{"threadId":"th_\#(n)","title":"event \#(n)","components":[]}"# + "\n" }
        _ = FileManager.default.createFile(atPath: path, contents: Data((1...50).map(line).joined().utf8))
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let configuration = try configuration(fake, inputs: [path], mapping: nil)
            #expect(try await run(configuration).run.created == 50)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((51...70).map(line).joined().utf8))
            try handle.close()
            let grown = try await run(configuration)
            #expect(grown.run.requests == 20)
            #expect(grown.run.recordsRead == 20, "only the appended part is read")
            #expect(grown.inputs.records == 70)
            #expect(await fake.store.events.count == 70)
            let status = try Journal(path: journalPath, readOnly: true).statusReport()
            #expect(status.count == 1)
            #expect(status[0].source.checkpointLine == 71)
        }
    }

    @Test func aChangedMappingIsRefusedUnlessForced() async throws {
        let csv = write("email,title\na@example.com,one\nb@example.com,two\n", to: "in.csv", in: directory)
        let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n", to: "m.yaml", in: directory)
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            _ = try await run(try configuration(fake, inputs: [csv], mapping: mapping))
            write("customer: { email: \"{{email}}\" }\ntitle: \"Renamed {{title}}\"\n", to: "m.yaml", in: directory)
            let requests = await fake.store.requests
            await #expect(throws: ImportError.self) { try await run(try configuration(fake, inputs: [csv], mapping: mapping)) }
            #expect(await fake.store.requests == requests, "refused before sending anything")
            var forced = try configuration(fake, inputs: [csv], mapping: mapping)
            forced.force = true
            #expect(try await run(forced).verdict == .complete)
        }
    }

    @Test func aHeldJournalRefusesASecondRun() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let lock = try JournalLock(journalPath: journalPath)
            do {
                _ = try await run(try configuration(fake, inputs: ["\(Self.samples)/events.ndjson"], mapping: nil))
                Issue.record("a second run went ahead")
            } catch let error as ImportError {
                guard case .journal(let journalError) = error else {
                    Issue.record("\(error)")
                    return
                }
                #expect(journalError.kind == .locked)
            }
            #expect(await fake.store.requests == 0)
            withExtendedLifetime(lock) {}
        }
    }

    @Test func journalFileIsPrivateAndInWALMode() async throws {
        let journal = try Journal(path: journalPath)
        let attributes = try FileManager.default.attributesOfItem(atPath: journalPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(FileManager.default.fileExists(atPath: journalPath + "-wal"), "WAL mode keeps a -wal file while open")
        withExtendedLifetime(journal) {}
    }

    @Test func notAJournalIsAClearError() throws {
        let path = write("this is not sqlite", to: "fake.db", in: directory)
        #expect(throws: JournalError.self) { try Journal(path: path) }
    }

    /// A gzip file cut short fails to read part-way (records are read ahead in windows of 64):
    /// every record decompressed before the failure still lands, exactly the lines `gzip -dc`
    /// gets out of the same file.
    @Test func recordsReadBeforeAReadingErrorStillLand() async throws {
        let lines = (1...3_000).map { n in
            #"{"customerIdentifier":{"emailAddress":"c\#(n % 50)@example.com"},"title":"Event \#(n) \#(String(n * 7919, radix: 36))","components":[]}"#
        }
        let plain = write(lines.joined(separator: "\n") + "\n", to: "cut.ndjson", in: directory)
        func shell(_ command: String) throws -> Data {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        _ = try shell("gzip -9 '\(plain)'")
        let gz = plain + ".gz"
        let whole = try Data(contentsOf: URL(fileURLWithPath: gz))
        try whole.prefix(whole.count * 6 / 10).write(to: URL(fileURLWithPath: gz))
        let readable = try shell("gzip -dc '\(gz)' 2>/dev/null").filter { $0 == 0x0A }.count
        try #require(readable > 200 && readable < 3_000, "the cut leaves part of the file: \(readable) lines")
        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            _ = try await run(try configuration(fake, inputs: [gz], mapping: nil))
            #expect(await fake.store.events.count == readable)
        }
    }
}
