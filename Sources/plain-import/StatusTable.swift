import PlainImport

/// The text table `status` prints: columns aligned with spaces, long source paths shortened
/// from the left (`…/Samples/orders.csv`) while staying distinct. Pure: rows in, lines out.
enum StatusTable {
    /// The widest a source path is shown.
    static let pathWidth = 40

    static let header = [
        "source", "records", "done", "duplicate", "failed", "invalid", "pending", "unread", "ETA", "checkpoint", "last run",
    ]

    /// The lines of the table for `report` and its `total`; ETAs at `eventsPerSecond` (the last
    /// run's achieved rate, SPEC §12.11).
    static func lines(_ report: [SourceStatus], total: StatusCounts, eventsPerSecond: Double? = nil) -> [String] {
        // An earlier version of a file that changed (`status --all`) is marked; it is not in the total.
        let paths = shortened(report.map(\.source.path)).enumerated().map { index, path in
            report[index].source.supersededBy == nil ? path : path + " (superseded)"
        }
        let perRecord = report.bytesPerRecord
        // The `filtered` column shows only when a mapping's `where:` left records out.
        let filtered = total.filtered > 0
        func cells(_ counts: StatusCounts) -> [String] { Self.cells(counts, filtered: filtered) }
        var rows = [filtered ? Array(header[..<6]) + ["filtered"] + Array(header[6...]) : header]
        for (entry, path) in zip(report, paths) {
            let eta = entry.etaSeconds(eventsPerSecond: eventsPerSecond, bytesPerRecord: perRecord)
            rows.append(
                [path] + cells(entry.counts) + [
                    ByteCount.describe(entry.unreadBytes), eta.map { DurationText.describe(seconds: $0) } ?? "?",
                    "line \(entry.source.checkpointLine) (byte \(entry.source.checkpointOffset))", entry.lastRun ?? "-",
                ]
            )
        }
        let totalEta = report.etaSeconds(eventsPerSecond: eventsPerSecond)
        rows.append(
            ["total"] + cells(total) + [
                ByteCount.describe(report.reduce(Int64(0)) { $0 + $1.unreadBytes }),
                totalEta.map { DurationText.describe(seconds: $0) } ?? "?",
            ]
        )
        return aligned(rows)
    }

    private static func cells(_ counts: StatusCounts, filtered: Bool) -> [String] {
        (filtered
            ? [counts.records, counts.done, counts.duplicate, counts.failed, counts.invalid, counts.filtered, counts.pending]
            : [counts.records, counts.done, counts.duplicate, counts.failed, counts.invalid, counts.pending]).map(String.init)
    }

    /// Each column padded to its widest cell, one space apart, no trailing spaces.
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 1)
            }
            return line
        }
    }

    /// The paths shortened from the left to at most `width` characters where they can be
    /// (`…/` and as many trailing components as fit, the file name at least), with more
    /// components kept where two would otherwise look the same.
    static func shortened(_ paths: [String], width: Int = pathWidth) -> [String] {
        let components = paths.map { $0.split(separator: "/", omittingEmptySubsequences: false).map(String.init) }
        func shown(_ index: Int, keeping count: Int) -> String {
            let parts = components[index]
            if count >= parts.count { return paths[index] }
            return "…/" + parts.suffix(count).joined(separator: "/")
        }
        var kept = paths.indices.map { index -> Int in
            if paths[index].count <= width { return components[index].count }
            var count = 1
            while count + 1 < components[index].count && shown(index, keeping: count + 1).count <= width { count += 1 }
            return count
        }
        // Keep one more component for paths that would show alike, until all differ.
        while true {
            let texts = paths.indices.map { shown($0, keeping: kept[$0]) }
            var seen: [String: [Int]] = [:]
            for (index, text) in texts.enumerated() { seen[text, default: []].append(index) }
            let alike = seen.values.filter { $0.count > 1 }.flatMap { $0 }.filter { kept[$0] < components[$0].count }
            if alike.isEmpty { return texts }
            for index in alike { kept[index] += 1 }
        }
    }
}
