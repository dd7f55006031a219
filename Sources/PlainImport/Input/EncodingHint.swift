/// The first sign that an input read as UTF-8 is in another encoding, with the encoding it most
/// likely is in (SPEC §12.18): said once per source, besides the per-record errors.
public struct EncodingHint: Sendable, Hashable {
    /// The first byte that is not UTF-8.
    public let byte: UInt8
    /// The line of the record holding it.
    public let line: Int
    /// The encoding that would likely read the input.
    public let likely: TextEncoding

    /// A hint that `byte`, in the record on `line`, is not UTF-8, and that `likely` would read it.
    public init(byte: UInt8, line: Int, likely: TextEncoding) {
        self.byte = byte
        self.line = line
        self.likely = likely
    }

    /// A hint from the bytes of a field or line (`sample`, starting at `fileOffset` in the file
    /// when known) whose byte at `index` is not UTF-8: many zero bytes mean UTF-16 without a byte
    /// order mark (zeros at odd offsets, after the ASCII bytes: little endian), anything else
    /// Windows-1252, which reads Latin-1 too and is what old exports use.
    static func guess(sample: some Collection<UInt8>, invalidAt index: Int, line: Int, fileOffset: Int64 = 0) -> EncodingHint {
        var evenZeros = 0
        var oddZeros = 0
        let shift = Int(fileOffset % 2)
        for (position, byte) in sample.enumerated() where byte == 0 {
            if (position + shift) % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let byte = sample.dropFirst(index).first ?? 0
        let likely: TextEncoding
        if (evenZeros + oddZeros) * 4 >= sample.count && sample.count >= 2 {
            likely = oddZeros >= evenZeros ? .utf16LittleEndian : .utf16BigEndian
        } else {
            likely = .windows1252
        }
        return EncodingHint(byte: byte, line: line, likely: likely)
    }

    /// A UTF-16 hint when `sample` (text that did not read as UTF-8 records) is a quarter or
    /// more zero bytes: UTF-16 without a byte order mark, whose ASCII is valid UTF-8 with zeros.
    static func zeroBytes(in sample: some Collection<UInt8>, line: Int, fileOffset: Int64 = 0) -> EncodingHint? {
        let zeros = sample.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        guard sample.count >= 2, zeros * 4 >= sample.count, let first = sample.firstIndex(of: 0) else { return nil }
        let index = sample.distance(from: sample.startIndex, to: first)
        return guess(sample: sample, invalidAt: index, line: line, fileOffset: fileOffset)
    }

    /// The guess: `it looks like windows-1252`.
    public var guessText: String { "it looks like \(likely.rawValue)" }

    /// The hint for the input at `path`: the fact, and the encoding that would read it.
    public func hint(path: String) -> ReadingHint {
        let hex = String(byte, radix: 16, uppercase: true)
        let shown = hex.count == 1 ? "0" + hex : hex
        return ReadingHint(message: "\(path): not UTF-8 (byte 0x\(shown) at line \(line)): \(guessText)", suggestion: .encoding(likely))
    }
}
