import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files the tool writes for its user (the preview page, `failures --output`, the metrics file):
/// with the mode asked (0600, like the journal, unless said; whatever the umask), written to a
/// temporary file beside the target and renamed over it, so a reader never sees half a file.
enum PrivateFile {
    /// Writes `bytes` to `path` with `mode` (0600 unless said); throws a message naming the path.
    static func write(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o600) throws(PrivateFileError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PrivateFileError(path: path, reason: String(cString: strerror(errno))) }
        // The mode asked for is masked by the umask; make it exactly what was asked.
        fchmod(fd, mode)
        let data = Array(bytes)
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress.map { $0 + written }, data.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw PrivateFileError(path: path, reason: reason)
            }
            written += count
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PrivateFileError(path: path, reason: reason)
        }
    }
}

/// A file the tool could not write.
struct PrivateFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot write \(path): \(reason)" }
}

/// `write(2)`, named apart from `PrivateFile.write`.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, bytes, count) }
