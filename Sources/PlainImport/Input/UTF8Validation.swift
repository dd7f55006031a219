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
}
