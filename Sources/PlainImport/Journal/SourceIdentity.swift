import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the journal knows a source (SPEC §5): its path, its size and a hash of its beginning.
public struct SourceIdentity: Sendable, Hashable {
    /// Bytes hashed at most.
    public static let headBytes = 64 * 1024

    public let path: String
    public let size: Int64
    /// SHA-256 (hex) of the first `headLength` bytes.
    public let headHash: String
    public let headLength: Int

    /// The identity of the file at `path` now; `headLength` hashes that many bytes (to compare
    /// with an earlier identity), else up to `headBytes`.
    public static func of(path: String, headLength wanted: Int? = nil) throws(InputError) -> SourceIdentity {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError.system(path: path, doing: "cannot open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError.system(path: path, doing: "cannot stat", errno: errno) }
        let size = Int64(info.st_size)
        let length = Int(min(Int64(wanted ?? headBytes), size))
        var buffer = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(fd, base + filled, length - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        let digest = SHA256.hash(data: buffer.prefix(filled))
        return SourceIdentity(path: path, size: size, headHash: hexString(digest), headLength: filled)
    }
}
