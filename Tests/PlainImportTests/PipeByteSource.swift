@testable import PlainImport

/// Bytes that can be read once and not sought, as from a pipe (stdin).
final class PipeByteSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    let isSeekable = false

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let count = min(buffer.count, bytes.count - position)
        for offset in 0..<count { buffer[offset] = bytes[position + offset] }
        position += count
        return count
    }

    func seek(to offset: Int64) throws(InputError) {
        throw InputError(path: "-", reason: "cannot seek in this input")
    }
}
