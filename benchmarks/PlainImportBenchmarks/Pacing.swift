import Foundation
import PlainFake
import PlainImport

/// Issue 3's figures: how much of Plain's rate budget a run uses and how many 429s it draws,
/// with `--rate` at and above the limit (a scaled window: `limit` per `window`), and how close
/// the throughput comes to concurrency / latency.
func runPacingBenchmarks(in directory: URL, windows: Int) async throws {
    let limit = 60
    let window = Duration.seconds(6)
    let perMinute = Int(Double(limit) * 60 / window.inSeconds)

    func events(_ count: Int, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try BenchmarkRun.writeEvents(count, to: path, text: "pacing")
        return path
    }

    print("pacing against PlainFake's window of \(limit) requests per \(Int(window.inSeconds)) s (= \(perMinute)/min), concurrency 8:")
    // Enough events to fill `windows` windows and spill into one more, which is left out as partial.
    let count = limit * windows + limit / 2
    for (label, rate) in [("--rate = limit", perMinute), ("--rate = 2 x limit", perMinute * 2), ("--rate = 10 x limit", perMinute * 10)] {
        var options = PlainFakeOptions()
        options.rateLimit = limit
        options.rateWindow = window
        let input = try events(count, name: "pacing-\(rate).ndjson")
        try await PlainFake.withRunning(options: options) { fake in
            let report = try await BenchmarkRun.run(
                fake,
                input: input,
                journal: directory.appendingPathComponent("pacing-\(rate).db").path,
                rate: rate,
                concurrency: 8
            )
            let perWindow = await fake.store.admittedPerWindow
            let last = perWindow.keys.max() ?? 0
            let full = (0..<last).map { perWindow[$0] ?? 0 }
            let used = full.reduce(0, +)
            let requests = await fake.store.requests
            let refused = await fake.store.rateLimited
            print(
                String(
                    format:
                        "  %@ (%d/min): %d of %d requests used in %d full windows (%.1f %%), per window %@; 429s: %d of %d requests (%.1f %%); %@",
                    label,
                    rate,
                    used,
                    limit * full.count,
                    full.count,
                    100 * Double(used) / Double(max(1, limit * full.count)),
                    full.map(String.init).joined(separator: "/"),
                    refused,
                    requests,
                    100 * Double(refused) / Double(max(1, requests)),
                    "\(report.verdict)"
                )
            )
        }
    }

    let latency = Duration.milliseconds(100)
    let concurrency = 16
    let latencyEvents = 2_000
    var options = PlainFakeOptions.unthrottled
    options.latency = latency
    let input = try events(latencyEvents, name: "latency.ndjson")
    try await PlainFake.withRunning(options: options) { fake in
        let start = ContinuousClock.now
        let report = try await BenchmarkRun.run(
            fake,
            input: input,
            journal: directory.appendingPathComponent("latency.db").path,
            rate: 100_000_000,
            concurrency: concurrency
        )
        let elapsed = (ContinuousClock.now - start).inSeconds
        let throughput = Double(report.run.created) / elapsed
        let ideal = Double(concurrency) / latency.inSeconds
        print(
            String(
                format: "latency %d ms, concurrency %d: %d events in %.2f s = %.1f events/s; ideal %.0f/s; ratio %.3f",
                Int(latency.inSeconds * 1000),
                concurrency,
                report.run.created,
                elapsed,
                throughput,
                ideal,
                throughput / ideal
            )
        )
    }
}
