#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A record that ends where the file ends, without a line end: the last row of a complete file
/// written without a final newline, or half a row of an export still being written. It is
/// handed on only once the file has been still for `FileStamp.settleNanoseconds` at exactly the
/// size at which the record ended; otherwise it is held, unread, for the next run.
public enum TrailingRecord {
    /// What to do with a record that ends at `end` without a line end.
    public enum Verdict: Sendable, Hashable {
        /// The file has been still since the record was read: it is complete.
        case complete
        /// The file changed too recently to tell: look again after this many nanoseconds.
        case lookAgain(afterNanoseconds: Int64)
        /// The file is not the size it had when the record was read: it is being written.
        case stillBeingWritten
    }

    /// The verdict on a record ending at byte `end` of a file whose stamp is now `stamp`, at
    /// `now` (nanoseconds since 1970, as modification times are kept).
    public static func verdict(end: Int64, stamp: FileStamp, now: Int64) -> Verdict {
        if stamp.size != end { return .stillBeingWritten }
        let quiet = now - stamp.modified
        if quiet >= FileStamp.settleNanoseconds { return .complete }
        return .lookAgain(afterNanoseconds: FileStamp.settleNanoseconds - max(0, quiet))
    }
}

extension InputFile {
    /// Whether the file's bytes just before `offset` end a line (`\n` or `\r`, in UTF-8 or
    /// either UTF-16 order), or cannot tell: standard input, gzip, a JSON array (whose records
    /// end at a comma or the closing bracket), offset 0, or a file that cannot be read.
    public func endsLine(before offset: Int64) -> Bool {
        guard !isReadOnce, !isGzip, format != .json, offset > 0 else { return true }
        let fd = openForReading(path)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var bytes: (UInt8, UInt8) = (0, 0)
        let start = max(0, offset - 2)
        let wanted = Int(offset - start)
        let count = withUnsafeMutableBytes(of: &bytes) { buffer in pread(fd, buffer.baseAddress, wanted, off_t(start)) }
        guard count == wanted else { return true }
        let last = wanted == 2 ? bytes.1 : bytes.0
        let before: UInt8? = wanted == 2 ? bytes.0 : nil
        func isLineEnd(_ byte: UInt8?) -> Bool { byte == 0x0A || byte == 0x0D }
        // UTF-8 and UTF-16BE end with the line end itself; UTF-16LE with its zero high byte.
        return isLineEnd(last) || (last == 0 && isLineEnd(before))
    }
}

/// `open(2)` for reading, outside `InputFile`, whose own `open()` would be found first.
private func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY | O_CLOEXEC) }
