import CZlib
import Foundation
import Logging
import PlainFake
import Testing

@testable import PlainImport

/// SPEC §12.18 through the real importer, journal and stand-in Plain: TSV, JSON arrays and
/// encodings in directories, plain and gzipped; the record counter; the encoding hint.
@Suite struct FileFormatsTests: ImportTestSuite {
    let directory = temporaryDirectory()

    func writeGzip(_ bytes: [UInt8], to name: String, in folder: URL) -> String {
        let path = folder.appendingPathComponent(name).path
        guard let file = gzopen(path, "wb") else { return path }
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
        return path
    }

    func array(_ range: ClosedRange<Int>, prefix: String) -> String {
        "[\n" + range.map { #"  {"email": "\#(prefix)\#($0)@example.com", "title": "\#(prefix) \#($0)"}"# }.joined(separator: ",\n") + "\n]\n"
    }

    func tsv(_ range: ClosedRange<Int>, prefix: String) -> String {
        "email\ttitle\n" + range.map { "\(prefix)\($0)@example.com\t\(prefix), tab \($0)\n" }.joined()
    }

    @Test func namesImplyTheNewFormats() {
        #expect(InputFormat.implied(byName: "x.tsv") == .tsv)
        #expect(InputFormat.implied(byName: "x.TSV.gz") == .tsv)
        #expect(InputFormat.implied(byName: "x.json") == .json)
        #expect(InputFormat.implied(byName: "x.json.gz") == .json)
        #expect(InputFormat.implied(byName: "x.jsonl") == .ndjson)
        #expect(InputFormat.implied(byName: "x.txt") == nil)
    }

    @Test func aDirectoryOfTSVAndJSONArraysImportsAndCounts() async throws {
        let folder = directory.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        write(tsv(1...5, prefix: "t"), to: "a.tsv", in: folder)
        write(array(1...6, prefix: "j"), to: "b.json", in: folder)
        _ = writeGzip(Array(array(1...4, prefix: "z").utf8), to: "c.json.gz", in: folder)
        _ = writeGzip(TranscoderTests.utf16(tsv(1...3, prefix: "w"), bigEndian: false), to: "d.tsv.gz", in: folder)
        // `csv.delimiter` is for CSV files: a TSV is read with tabs whatever it says.
        let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\ncsv: { delimiter: \";\" }\n", to: "m.yaml", in: directory)

        let files = try InputFile.expand([folder.path], format: nil)
        #expect(files.map(\.format) == [.tsv, .json, .json, .tsv])
        #expect(await RecordCounter.count(files, layout: InputLayout(csv: CSVOptions(delimiter: UInt8(ascii: ";")))) == 18)

        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            var configuration = try configuration(fake, inputs: [folder.path], mapping: mapping)
            configuration.concurrency = 1
            let report = try await run(configuration)
            #expect(report.verdict == .complete)
            #expect(report.run.created == 18)
            let titles = await fake.store.events.compactMap { $0.input["title"]?.stringValue }
            #expect(titles.prefix(2) == ["t, tab 1", "t, tab 2"])
            #expect(titles.contains("w, tab 3"))
            #expect(titles.contains("j 6") && titles.contains("z 4"))
            let sources = try Journal(path: journalPath, readOnly: true).statusReport()
            #expect(sources.map(\.source.format) == ["tsv", "json", "json", "tsv"])
            let again = try await run(configuration)
            #expect(again.run.requests == 0)
            #expect(again.inputs.records == 18)
        }
    }

    @Test func aWindows1252FileIsHintedOnceAndReadWhenAsked() async throws {
        let text = "email,title\na@example.com,plain\nb@example.com,café\nc@example.com,naïve\n"
        let path = write(bytes: TranscoderTests.windows1252(text), to: "orders.csv", in: directory)
        let mapping = write("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n", to: "m.yaml", in: directory)
        let files = try InputFile.expand([path], format: nil)
        var hints: [ReadingHint] = []
        var problems: [String] = []
        let summary = try Validator(mapping: try MappingParser.load(path: mapping)).validate(
            files,
            hint: { hints.append($0) },
            report: { problems.append($0.problem.description) }
        )
        #expect(summary.invalid == 2)
        #expect(problems.allSatisfy { $0.contains("invalid UTF-8") })
        #expect(
            hints == [
                ReadingHint(
                    message: "\(files[0].path): not UTF-8 (byte 0xE9 at line 3): it looks like windows-1252",
                    suggestion: .encoding(.windows1252)
                )
            ]
        )

        try await PlainFake.withRunning(options: PlainFakeOptions.unthrottled) { fake in
            let log = CapturedLog()
            let wrong = try configuration(fake, inputs: [path], mapping: mapping)
            _ = try await Importer(configuration: wrong, logger: log.logger(level: .info)).run()
            #expect(log.lines.filter { $0.message.contains("it looks like windows-1252") }.count == 1)
            var right = try configuration(fake, inputs: [path], mapping: mapping)
            right.encoding = .windows1252
            right.journalPath = directory.appendingPathComponent("right.db").path
            let report = try await Importer(configuration: right, logger: quiet).run()
            // `check` lists the hint with the inputs' figures, and reads the file when told.
            let checked = try await Checker(configuration: wrong, customersToCheck: 0, logger: quiet).run()
            #expect(checked.inputs?.readingHints.count == 1)
            #expect(checked.inputs?.invalid == 2)
            let told = try await Checker(configuration: right, customersToCheck: 0, logger: quiet).run()
            #expect(told.inputs?.readingHints.isEmpty == true)
            #expect(told.inputs?.invalid == 0)
            #expect(report.run.created + report.run.duplicates == 3)
            #expect(report.inputs.invalid == 0)
            #expect(await fake.store.events.compactMap { $0.input["title"]?.stringValue }.contains("café"))
        }
    }
}
