/// Turns bytes of an input in UTF-16 or a single-byte encoding into UTF-8, and records for each
/// UTF-8 byte the offset in the file of the character it came from, so that records keep file
/// offsets whatever the encoding (SPEC §12.18).
///
/// A UTF-16 byte order mark at offset 0 is skipped. An unpaired surrogate, or an odd byte at the
/// end of a UTF-16 input, becomes the byte 0xFF, which is not UTF-8: the record holding it is
/// invalid rather than silently changed.
struct Transcoder {
    private enum Kind {
        case utf16(bigEndian: Bool)
        case singleByte(windows1252: Bool)
    }

    private let kind: Kind

    /// The most UTF-8 bytes one input byte can become.
    static let expansion = 3

    /// A transcoder from `encoding`; nil for UTF-8, which needs none.
    init?(_ encoding: TextEncoding) {
        switch encoding {
        case .utf8: return nil
        case .utf16LittleEndian: kind = .utf16(bigEndian: false)
        case .utf16BigEndian: kind = .utf16(bigEndian: true)
        case .latin1: kind = .singleByte(windows1252: false)
        case .windows1252: kind = .singleByte(windows1252: true)
        }
    }

    /// Transcodes `input`, whose first byte is at `fileOffset` in the file, into `output`
    /// (room for `expansion` × `input.count` bytes) and `offsets` (one file offset per byte
    /// written). Stops before an incomplete UTF-16 unit or pair unless `final`. Returns how many
    /// input bytes were used and how many bytes were written.
    func transcode(
        _ input: UnsafeBufferPointer<UInt8>,
        at fileOffset: Int64,
        into output: UnsafeMutablePointer<UInt8>,
        offsets: UnsafeMutablePointer<Int64>,
        final: Bool
    ) -> (consumed: Int, produced: Int) {
        var produced = 0
        @inline(__always) func emit(_ scalar: UInt32, from offset: Int64) {
            if scalar < 0x80 {
                output[produced] = UInt8(scalar)
                offsets[produced] = offset
                produced += 1
                return
            }
            let count: Int
            var bytes: (UInt8, UInt8, UInt8, UInt8)
            if scalar < 0x800 {
                count = 2
                bytes = (UInt8(0xC0 | (scalar >> 6)), UInt8(0x80 | (scalar & 0x3F)), 0, 0)
            } else if scalar < 0x10000 {
                count = 3
                bytes = (UInt8(0xE0 | (scalar >> 12)), UInt8(0x80 | ((scalar >> 6) & 0x3F)), UInt8(0x80 | (scalar & 0x3F)), 0)
            } else {
                count = 4
                bytes = (
                    UInt8(0xF0 | (scalar >> 18)), UInt8(0x80 | ((scalar >> 12) & 0x3F)),
                    UInt8(0x80 | ((scalar >> 6) & 0x3F)), UInt8(0x80 | (scalar & 0x3F))
                )
            }
            withUnsafeBytes(of: &bytes) { raw in
                for index in 0..<count {
                    output[produced] = raw[index]
                    offsets[produced] = offset
                    produced += 1
                }
            }
        }
        @inline(__always) func invalid(at offset: Int64) {
            output[produced] = 0xFF
            offsets[produced] = offset
            produced += 1
        }

        var index = 0
        switch kind {
        case .singleByte(let windows1252):
            while index < input.count {
                let byte = input[index]
                var scalar = UInt32(byte)
                if windows1252 && byte >= 0x80 && byte < 0xA0 { scalar = UInt32(Self.windows1252High[Int(byte) - 0x80]) }
                emit(scalar, from: fileOffset + Int64(index))
                index += 1
            }
        case .utf16(let bigEndian):
            @inline(__always) func unit(_ at: Int) -> UInt32 {
                bigEndian
                    ? UInt32(input[at]) << 8 | UInt32(input[at + 1])
                    : UInt32(input[at + 1]) << 8 | UInt32(input[at])
            }
            while index + 1 < input.count {
                let offset = fileOffset + Int64(index)
                let first = unit(index)
                if offset == 0 && first == 0xFEFF {
                    index += 2
                    continue
                }
                if first >= 0xD800 && first < 0xDC00 {
                    guard index + 3 < input.count else {
                        if !final { return (index, produced) }
                        invalid(at: offset)
                        index += 2
                        continue
                    }
                    let second = unit(index + 2)
                    if second >= 0xDC00 && second < 0xE000 {
                        emit(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), from: offset)
                        index += 4
                    } else {
                        invalid(at: offset)
                        index += 2
                    }
                } else if first >= 0xDC00 && first < 0xE000 {
                    invalid(at: offset)
                    index += 2
                } else {
                    emit(first, from: offset)
                    index += 2
                }
            }
            if final && index < input.count {
                invalid(at: fileOffset + Int64(index))
                index += 1
            }
        }
        return (index, produced)
    }

    /// Windows-1252's characters for the bytes 0x80–0x9F (WHATWG: the five undefined bytes read
    /// as the C1 controls of the same value, as in Latin-1).
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
