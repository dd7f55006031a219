#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes of a file, or of standard input, read with plain `read(2)`.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The path as the user gave it, for errors.
    public let path: String
    public let isSeekable: Bool

    /// Opens `path` for reading.
    public init(path: String) throws(InputError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError.system(path: path, doing: "cannot open", errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw InputError.system(path: path, doing: "cannot stat", errno: code)
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            close(fd)
            throw InputError(path: path, reason: "is a directory")
        }
        self.descriptor = fd
        self.ownsDescriptor = true
        self.path = path
        self.isSeekable = (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads standard input. It cannot seek.
    public init(standardInput: Void) {
        self.descriptor = STDIN_FILENO
        self.ownsDescriptor = false
        self.path = "-"
        self.isSeekable = false
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw InputError.system(path: path, doing: "read failed", errno: errno)
        }
    }

    public func seek(to offset: Int64) throws(InputError) {
        guard isSeekable else { throw InputError(path: path, reason: "cannot seek in this input") }
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw InputError.system(path: path, doing: "cannot seek", errno: errno)
        }
    }
}
