/// A journal that cannot be used, said for the operator.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    /// What kind of trouble, which decides the exit code.
    public enum Kind: Sendable, Hashable {
        /// Another run holds the journal (exit 4).
        case locked
        /// Not a journal, corrupt, unreadable or from a newer version (exit 2).
        case unusable
        /// Writing failed mid-run: full disk, read-only file (exit 3: what was committed stays).
        case writeFailed
    }

    public let kind: Kind
    public let path: String
    public let message: String
    /// What the operator can change, when the executable has words for it.
    public let remedy: Remedy?

    /// A journal error of `kind` about the journal at `path`; `remedy` names what would fix it.
    public init(kind: Kind, path: String, message: String, remedy: Remedy? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.remedy = remedy
    }

    public var description: String { "journal \(path): \(message)" }
}
