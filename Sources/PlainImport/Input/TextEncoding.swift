/// The character encoding of an input (SPEC §12.18). Without one, an input is UTF-8 (a UTF-8
/// BOM is skipped) unless it starts with a UTF-16 byte order mark.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LittleEndian = "utf-16le"
    case utf16BigEndian = "utf-16be"
    case latin1
    case windows1252 = "windows-1252"

    /// The encoding as people write it in messages.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LittleEndian: "UTF-16LE"
        case .utf16BigEndian: "UTF-16BE"
        case .latin1: "Latin-1"
        case .windows1252: "Windows-1252"
        }
    }
}
