/// The record format of an input.
public enum InputFormat: String, Sendable, Hashable, CaseIterable {
    case csv
    case ndjson

    /// The format a file name implies (`.csv`, `.ndjson`, `.jsonl`, each optionally `.gz`).
    public static func implied(byName name: String) -> InputFormat? {
        var lower = name.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
        return nil
    }
}
