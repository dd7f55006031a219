import Foundation
import PlainFake
import PlainImport

/// Issue 8's journal figures: `status` and a resume over a journal of `records` settled
/// records, built directly (sending them would take hours at Plain's pace), and the journal's
/// size per settled record.
func runJournalBenchmarks(in directory: URL, records: Int) async throws {
    let input = directory.appendingPathComponent("big.ndjson").path
    try BenchmarkRun.writeEvents(records, to: input, text: "settled")
    let journalPath = directory.appendingPathComponent("big.db").path
    let built = ContinuousClock.now
    let journal = try Journal(path: journalPath)
    // The file as a finished import found it, a minute old (a stamp seen at once is not trusted).
    let aMinuteAgo = Date().addingTimeInterval(-60)
    try FileManager.default.setAttributes([.modificationDate: aMinuteAgo], ofItemAtPath: input)
    let source = try journal.addSource(path: input, format: .ndjson, mappingFingerprint: nil)
    try journal.touchSource(source.id, size: try FileStamp.of(path: input).size, stamp: try FileStamp.of(path: input), mappingFingerprint: nil)
    // Every record settled, as a finished import leaves them: offsets, lines and checksums as read.
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: input)))
    var batch: [RecordUpdate] = []
    var offset: Int64 = 0
    var line = 1
    var lineStart: Int64 = 0
    var checksum = PrefixChecksum()
    func mark() -> SourceProgress {
        let here = SourceMark(offset: offset, line: line, checksum: checksum)
        return SourceProgress(checkpoint: here, read: here)
    }
    for byte in bytes {
        offset += 1
        guard byte == 0x0A else { continue }
        checksum.update(bytes[Int(lineStart)..<Int(offset)])
        batch.append(
            RecordUpdate(sourceId: source.id, offset: lineStart, line: line, externalId: "settled-\(line)", status: .done, checksum: checksum)
        )
        line += 1
        lineStart = offset
        if batch.count == 10_000 {
            try journal.commit(batch, progress: [source.id: mark()])
            batch.removeAll(keepingCapacity: true)
        }
    }
    try journal.commit(batch, progress: [source.id: mark()])
    let runId = try journal.beginRun()
    try journal.finishRun(runId, exitCode: 0, summary: "built", eventsPerSecond: 10)
    let journalSeconds = (ContinuousClock.now - built).inSeconds
    let size = (try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as? Int) ?? 0
    let wal = (try? FileManager.default.attributesOfItem(atPath: journalPath + "-wal")[.size] as? Int) ?? 0
    print("journal of \(records) settled records (built directly in \(String(format: "%.1f", journalSeconds)) s):")
    print(
        String(
            format: "  journal file %.1f MB (+ %.1f MB WAL): %.0f bytes per settled record",
            Double(size) / 1e6,
            Double(wal) / 1e6,
            Double(size) / Double(records)
        )
    )

    let start = ContinuousClock.now
    let reader = try Journal(path: journalPath, readOnly: true)
    let report = try reader.statusReport()
    _ = try reader.customerCounts()
    _ = try reader.lastRunRate()
    print(
        String(
            format: "  status (what `status` reads): %.3f s for %d records",
            (ContinuousClock.now - start).inSeconds,
            report.first?.counts.records ?? 0
        )
    )

    // Unchanged: the stamp is as the journal saw it, so the resume reads nothing.
    try await PlainFake.withRunning(options: .unthrottled) { fake in
        let resumeStart = ContinuousClock.now
        let resumed = try await BenchmarkRun.run(fake, input: input, journal: journalPath, rate: 100_000_000, concurrency: 8)
        print(
            String(
                format: "  resume of the unchanged file: %.3f s, %d created, %d requests",
                (ContinuousClock.now - resumeStart).inSeconds,
                resumed.run.created,
                resumed.run.requests
            )
        )
    }

    // Nightly append: one more record; the resume verifies the bytes before the checkpoint,
    // then seeks to it and sends the new record alone.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: input))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(#"{"threadId":"th_new","title":"Appended","components":[]}"#.utf8 + [0x0A]))
    try handle.close()
    try await PlainFake.withRunning(options: .unthrottled) { fake in
        let resumeStart = ContinuousClock.now
        let resumed = try await BenchmarkRun.run(fake, input: input, journal: journalPath, rate: 100_000_000, concurrency: 8)
        print(
            String(
                format: "  resume after appending one record: %.3f s, %d created, %d requests",
                (ContinuousClock.now - resumeStart).inSeconds,
                resumed.run.created,
                resumed.run.requests
            )
        )
    }
}
