extension InputFile {
    /// Bytes read at a time when checksumming a prefix.
    static let checksumChunk = 1 << 20

    /// The checksums of the input's bytes before each of `offsets` (the decompressed bytes of a
    /// gzip file), read from its start in one pass: an offset past the input's end has none.
    /// Reads no further than the largest offset.
    public func checksums(at offsets: [Int64]) throws(InputError) -> [Int64: PrefixChecksum] {
        let marks = Set(offsets).sorted()
        guard let last = marks.last else { return [:] }
        let source = try open()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.checksumChunk, alignment: 16)
        defer { buffer.deallocate() }
        var found: [Int64: PrefixChecksum] = [:]
        var checksum = PrefixChecksum()
        var position: Int64 = 0
        var next = 0
        while next < marks.count, marks[next] <= 0 {
            if marks[next] == 0 { found[0] = checksum }
            next += 1
        }
        while position < last {
            let want = Int(min(Int64(buffer.count), last - position))
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            if count == 0 { break }
            var from = 0
            while next < marks.count, marks[next] <= position + Int64(count) {
                let upTo = Int(marks[next] - position)
                checksum.update(UnsafeRawBufferPointer(rebasing: buffer[from..<upTo]))
                from = upTo
                found[marks[next]] = checksum
                next += 1
            }
            checksum.update(UnsafeRawBufferPointer(rebasing: buffer[from..<count]))
            position += Int64(count)
        }
        return found
    }
}
