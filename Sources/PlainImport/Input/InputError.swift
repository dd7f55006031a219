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
    /// What reading needed and was not given, when the executable has words for asking it.
    public let need: Need?

    /// What reading an input can need from the operator.
    public enum Need: Sendable, Hashable {
        /// The format (stdin, or a name that does not tell it).
        case format
        /// A mapping file (a CSV or TSV input).
        case mappingFile
        /// The encoding it is likely in.
        case encoding(TextEncoding)
    }

    /// An error reading the input at `path`, for `reason`; `need` names what was not given.
    public init(path: String, reason: String, interrupted: Bool = false, need: Need? = nil) {
        self.path = path
        self.reason = reason
        self.interrupted = interrupted
        self.need = need
    }

    /// An error from the last failed system call.
    static func system(path: String, doing action: String, errno code: Int32) -> InputError {
        InputError(path: path, reason: "\(action): \(String(cString: strerror(code)))")
    }

    public var description: String { "\(path): \(reason)" }
}
