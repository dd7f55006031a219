// Prints issue 8's figures, each beside its peer measured in the same run:
//   1. import of native events against PlainFake in a child process (the client's CPU per event)
//      beside a bare AsyncHTTPClient loop POSTing the same bodies, in alternating rounds;
//   2. validate (read, map, check) of generated CSV, NDJSON, JSON-array and UTF-16 inputs of the
//      given size, wall-clock, beside the bare Python loops on the same files.
// Other modes: `journal [records]` (status and resume at scale), `verify [MB]` (the check before a
// resume beside validate), `pacing [windows]` (issue 3),
// `serve [latency-ms]` (the stand-in a child process runs). See benchmarks/README.md.
// Run: PLAIN_IMPORT_BENCHMARKS=1 swift run -c release plain-import-benchmarks [MB] [events]
import Foundation
import PlainImport

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func seconds(_ duration: Duration) -> Double { duration.inSeconds }

let arguments = CommandLine.arguments
if arguments.count > 1 && arguments[1] == "serve" {
    try await FakeProcess.serve(latencyMilliseconds: arguments.count > 2 ? Int(arguments[2]) ?? 0 : 0)
    exit(0)
}
if arguments.count > 1 && arguments[1] == "pacing" {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-pacing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try await runPacingBenchmarks(in: directory, windows: arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5)
    try? FileManager.default.removeItem(at: directory)
    exit(0)
}
if arguments.count > 1 && arguments[1] == "journal" {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-journal-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try await runJournalBenchmarks(in: directory, records: arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000)
    try? FileManager.default.removeItem(at: directory)
    exit(0)
}
if arguments.count > 1 && arguments[1] == "verify" {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-verify-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let text = try String(contentsOfFile: "samples/orders-mapping.yaml", encoding: .utf8)
    try runVerifyBenchmarks(
        in: directory,
        megabytes: arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000,
        mapping: try MappingParser.parse(text, file: "orders-mapping.yaml")
    )
    try? FileManager.default.removeItem(at: directory)
    exit(0)
}
let megabytes = arguments.count > 1 ? Int(arguments[1]) ?? 100 : 100
let eventCount = arguments.count > 2 ? Int(arguments[2]) ?? 5000 : 5000
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plain-import-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

/// Writes `target` bytes of lines made by `line(n)`.
func generate(_ name: String, header: String?, target: Int, line: (Int) -> String) throws -> (path: String, records: Int) {
    let path = directory.appendingPathComponent(name).path
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var written = 0
    var records = 0
    var chunk = header.map { $0 + "\n" } ?? ""
    while written < target {
        for _ in 0..<1000 {
            records += 1
            chunk += line(records)
        }
        written += chunk.utf8.count
        try handle.write(contentsOf: Data(chunk.utf8))
        chunk = ""
    }
    try handle.close()
    return (path, records)
}

let mappingText = try String(contentsOfFile: "samples/orders-mapping.yaml", encoding: .utf8)
let mapping = try MappingParser.parse(mappingText, file: "orders-mapping.yaml")
let csv = try generate(
    "orders.csv",
    header: "order_id,email,event,occurred_at,amount,currency,plan,note,agent_email",
    target: megabytes * 1_000_000
) { n in
    "ORD-\(n),user\(n % 997)@example.com,Order paid,2024-06-\(10 + n % 18)T14:34:00,\(n % 900).\(n % 100),GBP,Pro,\"Note, with comma \(n)\",sam@shop.example.com\n"
}
let ndjson = try generate("events.ndjson", header: nil, target: megabytes * 1_000_000) { n in
    #"{"customerIdentifier":{"emailAddress":"user\#(n % 997)@example.com"},"title":"Support ticket update","components":[{"componentText":{"text":"Ticket #\#(n) escalated"}},{"componentBadge":{"badgeLabel":"Pro","badgeColor":"BLUE"}}],"timestamp":"2025-05-21T23:04:00Z","externalId":"ticket-\#(n)"}"#
        + "\n"
}

// The same objects as one JSON array, an element per line (SPEC §12.18).
let jsonArray = try generate("events.json", header: "[", target: megabytes * 1_000_000) { n in
    (n > 1 ? ",\n" : "")
        + #"{"customerIdentifier":{"emailAddress":"user\#(n % 997)@example.com"},"title":"Support ticket update","components":[{"componentText":{"text":"Ticket #\#(n) escalated"}},{"componentBadge":{"badgeLabel":"Pro","badgeColor":"BLUE"}}],"timestamp":"2025-05-21T23:04:00Z","externalId":"ticket-\#(n)"}"#
}
do {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: jsonArray.path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("\n]\n".utf8))
    try handle.close()
}
// The NDJSON file as UTF-16LE with a BOM (its text is ASCII: a zero byte after each byte).
let utf16Path = directory.appendingPathComponent("events-utf16.ndjson").path
do {
    _ = FileManager.default.createFile(atPath: utf16Path, contents: Data([0xFF, 0xFE]))
    let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: ndjson.path))
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: utf16Path))
    try output.seekToEnd()
    while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
        var wide = Data(capacity: chunk.count * 2)
        for byte in chunk { wide.append(contentsOf: [byte, 0]) }
        try output.write(contentsOf: wide)
    }
    try input.close()
    try output.close()
}

/// The mapping issue 8 measures with: five components and a timestamp, in UTC.
let fiveComponentMapping = try MappingParser.parse(
    """
    customer: { email: "{{email}}" }
    title: "{{event}}"
    timestamp: "{{occurred_at}}"
    externalId: "order-{{order_id}}"
    components:
      - text: "Order **{{order_id}}**: {{amount}} {{currency}}"
      - badge: { label: "{{plan}}", color: GREEN }
      - copyButton: { value: "{{order_id}}", tooltip: "Copy order id" }
      - linkButton: { label: "Open in admin", url: "https://admin.example.com/orders/{{order_id}}" }
      - row: { main: [ { text: "Amount" } ], aside: [ { text: "{{amount}} {{currency}}" } ] }
    """,
    file: "five-components.yaml"
)

/// The same five components through filters, a `maps:` table, a `where:` and a `date` format
/// (issue 22): what a spreadsheet export's mapping looks like.
let filteredMapping = try MappingParser.parse(
    """
    customer: { email: "{{email | trim | lower}}" }
    title: "{{event | truncate: 60}}"
    timestamp: "{{occurred_at | date: '%Y-%m-%dT%H:%M:%S'}}"
    externalId: "order-{{order_id | trim}}"
    maps:
      plans: { Free: Free plan, Starter: Starter plan, Pro: Pro plan }
    where:
      - { value: "{{plan | lower}}", notIn: [internal, test] }
    components:
      - text: "Order **{{order_id}}**: {{amount}} {{currency | upper}}"
      - badge: { label: "{{plan | map: plans | default: 'Other plan'}}", color: GREEN }
      - copyButton: { value: "{{order_id}}", tooltip: "Copy order id" }
      - linkButton: { label: "Open in admin", url: "https://admin.example.com/orders/{{order_id}}" }
      - row: { main: [ { text: "Amount" } ], aside: [ { text: "{{amount}} {{currency}}" } ] }
    """,
    file: "filtered.yaml"
)

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let uploadPath = directory.appendingPathComponent("upload.ndjson").path
try BenchmarkRun.writeEvents(eventCount, to: uploadPath, text: "benchmark")
/// One import of `uploadPath` into a fresh journal against a fresh stand-in process: client
/// and stand-in CPU seconds per event, events/s.
func importRound(_ round: Int) async throws -> (client: Double, fake: Double, rate: Double) {
    let fake = try FakeProcess()
    defer { fake.stop() }
    let cpuBefore = cpuSeconds()
    let fakeBefore = fake.cpuSeconds
    let start = ContinuousClock.now
    let report = try await BenchmarkRun.run(
        endpoint: fake.endpoint,
        key: fake.apiKey,
        input: uploadPath,
        journal: directory.appendingPathComponent("bench-\(round).db").path,
        rate: 100_000_000,
        concurrency: 32
    )
    let elapsed = seconds(ContinuousClock.now - start)
    let created = Double(max(report.run.created, 1))
    guard report.run.created == eventCount else { throw CocoaError(.featureUnsupported) }
    return ((cpuSeconds() - cpuBefore) / created, (fake.cpuSeconds - fakeBefore) / created, created / elapsed)
}

/// The same bodies POSTed by the bare loop against a fresh stand-in process.
func bareRound(_ bodies: [[UInt8]]) async throws -> (client: Double, fake: Double, rate: Double) {
    let fake = try FakeProcess()
    defer { fake.stop() }
    let cpuBefore = cpuSeconds()
    let fakeBefore = fake.cpuSeconds
    let start = ContinuousClock.now
    let answered = Double(max(try await BareClientLoop.run(bodies, endpoint: fake.endpoint, key: fake.apiKey, concurrency: 32), 1))
    let elapsed = seconds(ContinuousClock.now - start)
    return ((cpuSeconds() - cpuBefore) / answered, (fake.cpuSeconds - fakeBefore) / answered, answered / elapsed)
}

let rounds = Int(ProcessInfo.processInfo.environment["PLAIN_IMPORT_BENCHMARK_ROUNDS"] ?? "") ?? 5
print(
    "import against PlainFake on loopback (\(eventCount) events, concurrency 32, \(rounds) alternating rounds, medians; "
        + "each run has its own stand-in in a child process, so the CPU counted is the client's alone):"
)
let bodies = try BareClientLoop.bodies(of: uploadPath)
var imports: [(client: Double, fake: Double, rate: Double)] = []
var bares: [(client: Double, fake: Double, rate: Double)] = []
// PLAIN_IMPORT_BENCHMARK_ONLY=import|bare runs one side alone (to profile it).
let only = ProcessInfo.processInfo.environment["PLAIN_IMPORT_BENCHMARK_ONLY"]
// The side that goes first alternates, so that neither always meets a warmer machine.
for round in 0..<rounds {
    if round % 2 == 1, only != "import" { bares.append(try await bareRound(bodies)) }
    if only != "bare" { imports.append(try await importRound(round)) }
    if round % 2 == 0, only != "import" { bares.append(try await bareRound(bodies)) }
}
if only != nil { exit(0) }
let importClient = median(imports.map(\.client))
let bareClient = median(bares.map(\.client))
print(
    String(
        format: "  import (read, map, journal, pace, send): %.0f events/s; client %.1f µs CPU per event (rounds: %@); stand-in %.1f µs",
        median(imports.map(\.rate)),
        importClient * 1e6,
        imports.map { String(format: "%.1f", $0.client * 1e6) }.joined(separator: ", "),
        median(imports.map(\.fake)) * 1e6
    )
)
print(
    String(
        format: "  peer: bare AsyncHTTPClient POST loop, same bodies: %.0f requests/s; client %.1f µs CPU per request (rounds: %@); stand-in %.1f µs",
        median(bares.map(\.rate)),
        bareClient * 1e6,
        bares.map { String(format: "%.1f", $0.client * 1e6) }.joined(separator: ", "),
        median(bares.map(\.fake)) * 1e6
    )
)
print(String(format: "  import client CPU per event ÷ bare loop client CPU per request: %.2f (goal ≤ 1.5)", importClient / bareClient))

// Validation runs after the import, so that the import is measured in a process in the state
// a user's import starts in.
/// Validates every generated input beside its Python peer and prints the table.
func validateSideBySide() throws {
    let lanes = ProcessInfo.processInfo.activeProcessorCount
    print("validate (read + map + check), \(megabytes) MB inputs, on \(lanes) cores (median of 5 rounds, alternating with the peer):")
    let pythonStart = (0..<3).compactMap { _ in PythonPeer.wallSeconds(PythonPeer.startScript, on: "") }
    var sideBySide = [
        "| input | size | plain-import validate | Python peer, same file, same run | Python ÷ ours (goal ≥ 1.5) |",
        "|---|---|---|---|---|",
    ]
    for (label, file, usedMapping) in [
        ("CSV, 5 components + timestamp (issue 8)", InputFile(path: csv.path, format: .csv, isGzip: false), Optional(fiveComponentMapping)),
        ("CSV, the sample's 12 components, Europe/London", InputFile(path: csv.path, format: .csv, isGzip: false), Optional(mapping)),
        (
            "CSV, the same 5 components with filters, maps:, where: and a date format (issue 22)",
            InputFile(path: csv.path, format: .csv, isGzip: false), Optional(filteredMapping)
        ),
        ("NDJSON native", InputFile(path: ndjson.path, format: .ndjson, isGzip: false), nil),
        ("JSON array native (same objects)", InputFile(path: jsonArray.path, format: .json, isGzip: false), nil),
        ("NDJSON native as UTF-16LE (twice the bytes)", InputFile(path: utf16Path, format: .ndjson, isGzip: false), nil),
    ] {
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        let peer: (name: String, script: String)? =
            file.format == .csv
            ? ("bare csv.DictReader loop", PythonPeer.csvLoop)
            : file.path == ndjson.path ? ("bare json.loads loop", PythonPeer.jsonLoop) : nil
        var walls: [Double] = []
        var cpus: [Double] = []
        var records = 0
        var invalid = 0
        var peerWalls: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let cpuBefore = cpuSeconds()
            let summary = try Validator(mapping: usedMapping).validate([file]) { _ in }
            cpus.append(cpuSeconds() - cpuBefore)
            walls.append(seconds(ContinuousClock.now - start))
            (records, invalid) = (summary.records, summary.invalid)
            if let peer, let wall = PythonPeer.wallSeconds(peer.script, on: file.path) { peerWalls.append(wall) }
        }
        let wall = median(walls)
        print(
            String(
                format: "  %@: %d records (%d invalid) in %.2f s (%.2f CPU-s): %.0f records/s, %.1f MB/s",
                label,
                records,
                invalid,
                wall,
                median(cpus),
                Double(records) / wall,
                Double(size) / 1e6 / wall
            )
        )
        if let peer, !peerWalls.isEmpty, !pythonStart.isEmpty {
            let python = median(peerWalls) - median(pythonStart)
            sideBySide.append(
                String(
                    format: "| %@ | %.0f MB | %.3f s | %@: %.3f s | %.2f× |",
                    label,
                    Double(size) / 1e6,
                    wall,
                    peer.name,
                    python,
                    python / wall
                )
            )
        }
    }
    if sideBySide.count > 2 {
        print(
            String(
                format: "side by side, wall-clock seconds (Python's start and imports, %.3f s, are subtracted from its figures):",
                median(pythonStart)
            )
        )
        for row in sideBySide { print("  " + row) }
    } else {
        print("(no python3 on the PATH: the Python peers are left out)")
    }
}
try validateSideBySide()
