#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an input looks like by its first line, for the one hint given when a source's first
/// records all fail to read in the format asked for (`--format ndjson` on a CSV export).
public struct FormatGuess: Sendable, Equatable {
    /// How many broken records from a source's start make the hint worth giving.
    public static let brokenRecords = 20

    /// The format the first line suggests.
    public let format: InputFormat
    /// The first line, cut to 60 characters, to show.
    public let firstLine: String

    /// The guess for `file` (plain files only: not stdin, a stream or gzip), or nil when its
    /// first line suggests nothing.
    public static func of(_ file: InputFile) -> FormatGuess? {
        guard !file.isReadOnce, !file.isGzip else { return nil }
        let fd = open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        var bytes = buffer.prefix(count)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let line = String(decoding: bytes.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        return guess(firstLine: line)
    }

    /// The guess for a file whose first line is `line`.
    public static func guess(firstLine line: String) -> FormatGuess? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        let shown = line.count > 60 ? String(line.prefix(60)) + "…" : line
        if trimmed.hasPrefix("{") { return FormatGuess(format: .ndjson, firstLine: shown) }
        if trimmed.hasPrefix("[") { return FormatGuess(format: .json, firstLine: shown) }
        let tabs = line.count { $0 == "\t" }
        let commas = line.count { $0 == "," }
        if tabs > 0 && tabs >= commas { return FormatGuess(format: .tsv, firstLine: shown) }
        if commas > 0 { return FormatGuess(format: .csv, firstLine: shown) }
        return nil
    }

    /// The hint for `file`, read as `file.format`, when it looks like another format.
    public static func hint(for file: InputFile) -> ReadingHint? {
        guard let guess = of(file), guess.format != file.format else { return nil }
        return ReadingHint(
            message: "\(file.path): the first \(brokenRecords) records do not read as \(file.format.rawValue.uppercased()); "
                + "the file looks like \(guess.format.rawValue.uppercased()) (its first line: \"\(guess.firstLine)\")",
            suggestion: .format(guess.format)
        )
    }
}
