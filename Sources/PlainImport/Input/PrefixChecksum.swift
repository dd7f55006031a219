import CZlib

/// The CRC-32 of the bytes of an input from its start up to an offset (SPEC §13.1): what the
/// journal keeps to tell, before reading from a stored offset, whether the bytes before it are
/// the bytes that were read. The bytes are the file's (the decompressed stream's for gzip), in
/// the file's own encoding, byte order mark included.
public struct PrefixChecksum: Sendable, Hashable {
    /// The CRC-32 of the bytes so far.
    public private(set) var value: UInt32

    /// The checksum of no bytes.
    public init() { value = 0 }

    /// A checksum as the journal stored it.
    public init(value: UInt32) { self.value = value }

    /// Continues the checksum over `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var left = bytes.count
        var crc = UInt(value)
        while left > 0 {
            // zlib takes at most `UInt32.max` bytes a call.
            let count = min(left, 1 << 30)
            crc = CZlib.crc32(crc, base, UInt32(count))
            base += count
            left -= count
        }
        value = UInt32(truncatingIfNeeded: crc)
    }

    /// Continues the checksum over `bytes`.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var copy = Array(bytes)
        copy.withUnsafeMutableBytes { update(UnsafeRawBufferPointer($0)) }
    }
}
