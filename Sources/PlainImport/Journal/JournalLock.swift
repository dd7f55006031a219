#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run at a time per journal (SPEC §5): an exclusive `flock` on `<journal>-lock`. The
/// kernel drops it when the process ends, however it ends, so a killed run leaves no stale lock.
public final class JournalLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock or throws `JournalError` of kind `.locked` at once.
    public init(journalPath: String) throws(JournalError) {
        path = journalPath + "-lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw JournalError(
                kind: .unusable,
                path: journalPath,
                message: "cannot create the lock file \(path): \(String(cString: strerror(errno)))"
            )
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw JournalError(kind: .locked, path: journalPath, message: "another plain-import run is using this journal")
            }
            throw JournalError(kind: .unusable, path: journalPath, message: "cannot lock \(path): \(String(cString: strerror(code)))")
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
