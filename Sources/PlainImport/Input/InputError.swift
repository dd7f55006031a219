#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to read an input at all (as opposed to a broken record inside it).
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// The input's path as the user gave it (`-` for stdin).
    public let path: String
    /// What went wrong, for an operator.
    public let reason: String
    /// Reading was stopped on purpose (the run is stopping), not by a fault of the input.
    public let interrupted: Bool

    /// An error reading the input at `path`, for `reason`.
    public init(path: String, reason: String, interrupted: Bool = false) {
        self.path = path
        self.reason = reason
        self.interrupted = interrupted
    }

    /// An error from the last failed system call.
    static func system(path: String, doing action: String, errno code: Int32) -> InputError {
        InputError(path: path, reason: "\(action): \(String(cString: strerror(code)))")
    }

    public var description: String { "\(path): \(reason)" }
}
