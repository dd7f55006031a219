#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat(2)` says of a file: enough to tell, without reading it, that it has not changed
/// since it was last seen (SPEC §13.2).
public struct FileStamp: Sendable, Hashable {
    public let size: Int64
    /// The modification time in nanoseconds since 1970.
    public let modified: Int64
    public let inode: Int64
    public let device: Int64

    /// A stamp with these values (as the journal stored them).
    public init(size: Int64, modified: Int64, inode: Int64, device: Int64) {
        self.size = size
        self.modified = modified
        self.inode = inode
        self.device = device
    }

    /// How recently before it was seen a file may have been modified for its stamp to be trusted:
    /// a write in the same clock tick as the look leaves the modification time as it was, so a
    /// file changed less than this before it was opened is verified by its bytes next time.
    public static let settleNanoseconds: Int64 = 2_000_000_000

    /// The stamp of the file at `path` now.
    public static func of(path: String) throws(InputError) -> FileStamp {
        var info = stat()
        guard stat(path, &info) == 0 else { throw InputError.system(path: path, doing: "cannot stat", errno: errno) }
        return FileStamp(info)
    }

    init(_ info: stat) {
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        inode = Int64(bitPattern: UInt64(info.st_ino))
        device = Int64(bitPattern: UInt64(info.st_dev))
    }

    /// Whether the file was modified so shortly before `now` (nanoseconds since 1970) that a
    /// write in the same tick could have left this stamp unchanged.
    public func isRacy(now: Int64) -> Bool { now - modified < Self.settleNanoseconds }

    /// Nanoseconds since 1970 by the wall clock, as modification times are kept.
    public static func nowNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
