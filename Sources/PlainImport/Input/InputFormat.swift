/// The record format of an input.
public enum InputFormat: String, Sendable, Hashable, CaseIterable {
    /// Comma-separated values (or the mapping's `csv.delimiter`).
    case csv
    /// Tab-separated values: CSV whose delimiter is a tab (SPEC §12.18).
    case tsv
    /// One JSON object per line.
    case ndjson
    /// One top-level JSON array of objects (SPEC §12.18).
    case json

    /// Whether records are rows of fields (CSV or TSV), which need a mapping.
    public var isDelimited: Bool { self == .csv || self == .tsv }

    /// The format a file name implies (`.csv`, `.tsv`, `.ndjson`, `.jsonl`, `.json`, each
    /// optionally `.gz`).
    public static func implied(byName name: String) -> InputFormat? {
        var lower = name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".tsv") { return .tsv }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
        if lower.hasSuffix(".json") { return .json }
        return nil
    }

    /// The extensions a directory is searched for, for messages.
    public static let extensionsText = ".csv, .tsv, .ndjson, .jsonl or .json"
}
