/// Counts the records of inputs (SPEC §11: progress knows its total), reading them as an import
/// would but mapping nothing. Stops early, returning nil, when the task is cancelled.
public enum RecordCounter {
    /// The records of `files` (a CSV or TSV header is no record; a JSON array's elements are its records); nil for standard input, an input
    /// that cannot be read, or when cancelled.
    public static func count(_ files: [InputFile], layout: InputLayout?) async -> Int? {
        let csv = layout?.csv
        var total = 0
        for file in files {
            guard !file.isReadOnce else { return nil }
            do {
                let reader = file.reader(over: try file.open(), layout: layout)
                if file.format.isDelimited, csv?.header ?? true { _ = try reader.next() }
                while try reader.next() != nil {
                    total += 1
                    if total % 4096 == 0 {
                        if Task.isCancelled { return nil }
                        await Task.yield()
                    }
                }
            } catch {
                return nil
            }
        }
        return total
    }
}
