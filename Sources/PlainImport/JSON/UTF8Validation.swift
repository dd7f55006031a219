/// Finds where bytes stop being valid UTF-8, for error messages.
enum UTF8Validation {
    /// The 0-based index of the first byte of the first invalid sequence, or nil if all valid.
    static func firstInvalidByte(in bytes: some Collection<UInt8>) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): consumed += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return consumed
            }
        }
    }

    /// Where `bytes` stop being UTF-8, as `firstInvalidByte`, but without decoding bytes that
    /// are all ASCII (checked eight at a time).
    static func firstInvalidByteUnlessASCII(in bytes: [UInt8]) -> Int? {
        let isASCII = bytes.withUnsafeBytes { raw -> Bool in
            var index = 0
            var high: UInt64 = 0
            while index + 8 <= raw.count {
                high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < raw.count {
                high |= UInt64(raw[index])
                index += 1
            }
            return high & 0x8080_8080_8080_8080 == 0
        }
        return isASCII ? nil : firstInvalidByte(in: bytes)
    }
}
