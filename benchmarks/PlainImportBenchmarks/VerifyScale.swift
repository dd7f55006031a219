import Foundation
import PlainImport

/// Issue 17's figure: the check a resume makes of a changed-looking file (the CRC-32 of the
/// bytes before its read mark) beside `validate` reading the same bytes, on a CSV of `megabytes`.
func runVerifyBenchmarks(in directory: URL, megabytes: Int, mapping: Mapping) throws {
    let path = directory.appendingPathComponent("orders.csv").path
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.write(contentsOf: Data("order_id,email,event,occurred_at,amount,currency,plan,note,agent_email\n".utf8))
    var written = 0
    var n = 0
    while written < megabytes * 1_000_000 {
        var chunk = ""
        for _ in 0..<1000 {
            n += 1
            chunk +=
                "ORD-\(n),user\(n % 997)@example.com,Order paid,2024-06-\(10 + n % 18)T14:34:00,\(n % 900).\(n % 100),GBP,Pro,\"Note, with comma \(n)\",sam@shop.example.com\n"
        }
        written += chunk.utf8.count
        try handle.write(contentsOf: Data(chunk.utf8))
    }
    try handle.close()
    let file = InputFile(path: path, format: .csv, isGzip: false)
    let size = Int64((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    var checks: [Double] = []
    var validates: [Double] = []
    for _ in 0..<3 {
        let start = ContinuousClock.now
        _ = try file.checksums(at: [size])
        checks.append((ContinuousClock.now - start).inSeconds)
        let validateStart = ContinuousClock.now
        _ = try Validator(mapping: mapping).validate([file]) { _ in }
        validates.append((ContinuousClock.now - validateStart).inSeconds)
    }
    let check = checks.sorted()[1]
    let validate = validates.sorted()[1]
    let megabytesRead = Double(size) / 1e6
    print(String(format: "verify before a resume, %.0f MB CSV (%d records), median of 3:", megabytesRead, n))
    print(String(format: "  CRC-32 of every byte (the check of a grown or touched file): %.2f s, %.0f MB/s", check, megabytesRead / check))
    print(
        String(
            format: "  validate of the same file: %.2f s, %.0f MB/s (the check is %.1fx faster)",
            validate,
            megabytesRead / validate,
            validate / check
        )
    )
}
