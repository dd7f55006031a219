#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run at a time per journal: an exclusive `flock` on the journal file itself, so the lock
/// belongs to the file (its inode), not to the name it was reached by: a symlink, a hard link or
/// a relative path to the same journal meets the same lock. The kernel drops it when the process
/// ends, however it ends, so a killed run leaves no stale lock.
///
/// `flock` and SQLite's own `fcntl` locks do not interact on Linux, but closing any descriptor of
/// a file drops that process's `fcntl` locks on it: release this lock only after the journal's
/// database connection is closed (`Journal` owns its lock for that reason).
public final class JournalLock: Sendable {
    private let descriptor: Int32
    /// The journal file the lock is held on.
    public let path: String

    /// Takes the lock, creating the journal file (mode 0600, empty) if there is none, or throws
    /// `JournalError` of kind `.locked` at once.
    public init(journalPath: String) throws(JournalError) {
        path = journalPath
        // Read-only is enough for flock, and leaves a journal without write permission to
        // SQLite's clearer error.
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw JournalError(
                kind: .unusable,
                path: journalPath,
                message: "cannot open the journal to lock it: \(String(cString: strerror(errno)))"
            )
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw JournalError(kind: .locked, path: journalPath, message: "another plain-import run is using this journal")
            }
            throw JournalError(kind: .unusable, path: journalPath, message: "cannot lock the journal: \(String(cString: strerror(code)))")
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
