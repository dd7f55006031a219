import Foundation

/// A filter of a template field, `{{name | filter | filter: argument}}` (SPEC §15.2): applied
/// left to right to the field's text. Filters are pure: the same value always gives the same text.
public enum TemplateFilter: Sendable, Hashable, CustomStringConvertible {
    case trim
    case lower
    case upper
    /// The text when the value is missing, null or empty.
    case defaultValue(String)
    /// At most this many UTF-16 units, ending in `…` when cut.
    case truncate(Int)
    case replace(String, String)
    /// The value looked up in the mapping's `maps:` table of this name.
    case map(String)
    /// The value read with a strptime-style format, as ISO 8601 UTC.
    case date(DateFormat)

    /// The names a template may use.
    static let names = ["trim", "lower", "upper", "default", "truncate", "replace", "map", "date"]

    /// The filter as a template writes it, for messages.
    public var description: String {
        switch self {
        case .trim: "trim"
        case .lower: "lower"
        case .upper: "upper"
        case .defaultValue(let text): "default: \(Self.quoted(text))"
        case .truncate(let count): "truncate: \(count)"
        case .replace(let from, let to): "replace: \(Self.quoted(from)), \(Self.quoted(to))"
        case .map(let name): "map: \(name)"
        case .date(let format): "date: \(Self.quoted(format.description))"
        }
    }

    private static func quoted(_ text: String) -> String { JSONWriter.string(.string(text)) }

    /// Reads one filter as written after a `|` (`truncate: 80`, `replace: "a", "b"`).
    init(parsing text: Substring) throws(InputProblem) {
        let name: String
        var arguments: [String] = []
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon].trimmingSpaces()
            arguments = try Self.arguments(text[text.index(after: colon)...], filter: name)
        } else {
            name = text.trimmingSpaces()
        }
        func expect(_ count: Int, _ what: String) throws(InputProblem) {
            guard arguments.count == count else {
                throw InputProblem(field: nil, message: "filter \(name) takes \(what), as in \(Self.example(name))")
            }
        }
        switch name {
        case "trim", "lower", "upper":
            try expect(0, "no argument")
            self = name == "trim" ? .trim : name == "lower" ? .lower : .upper
        case "default":
            try expect(1, "one text")
            self = .defaultValue(arguments[0])
        case "truncate":
            try expect(1, "one number")
            guard let count = Int(arguments[0]), count >= 1 else {
                throw InputProblem(field: nil, message: "filter truncate takes a number of characters of at least 1, not \"\(arguments[0])\"")
            }
            self = .truncate(count)
        case "replace":
            try expect(2, "two texts")
            guard !arguments[0].isEmpty else { throw InputProblem(field: nil, message: "filter replace: the text to replace is empty") }
            self = .replace(arguments[0], arguments[1])
        case "map":
            try expect(1, "the name of a table of maps:")
            self = .map(arguments[0])
        case "date":
            try expect(1, "one format")
            do {
                self = .date(try DateFormat(arguments[0]))
            } catch {
                throw InputProblem(field: nil, message: "filter date: the format \"\(arguments[0])\" \(error.message)")
            }
        default:
            throw InputProblem(field: nil, message: "unknown filter \"\(name)\" (filters: \(Self.names.joined(separator: ", ")))")
        }
    }

    private static func example(_ name: String) -> String {
        switch name {
        case "default": "{{x | default: \"none\"}}"
        case "truncate": "{{x | truncate: 80}}"
        case "replace": "{{x | replace: \"_\", \" \"}}"
        case "map": "{{x | map: plans}}"
        case "date": "{{x | date: \"%m/%d/%Y %I:%M %p\"}}"
        default: "{{x | \(name)}}"
        }
    }

    /// Comma-separated arguments: each quoted ("…" or '…', with \ escaping the quote) or bare.
    private static func arguments(_ text: Substring, filter: String) throws(InputProblem) -> [String] {
        var result: [String] = []
        var rest = Substring(text.trimmingSpaces())
        while !rest.isEmpty {
            if let quote = rest.first, quote == "\"" || quote == "'" {
                var value = ""
                var index = rest.index(after: rest.startIndex)
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    if character == "\\", rest.index(after: index) < rest.endIndex {
                        index = rest.index(after: index)
                        value.append(rest[index])
                    } else if character == quote {
                        closed = true
                        break
                    } else {
                        value.append(character)
                    }
                    index = rest.index(after: index)
                }
                guard closed else { throw InputProblem(field: nil, message: "filter \(filter): a quoted argument is not closed") }
                result.append(value)
                rest = Substring(rest[rest.index(after: index)...].trimmingSpaces())
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                result.append(rest[..<end].trimmingSpaces())
                rest = rest[end...]
            }
            if rest.first == "," {
                rest = Substring(rest.dropFirst().trimmingSpaces())
                if rest.isEmpty { throw InputProblem(field: nil, message: "filter \(filter): an argument is missing after ','") }
            } else if !rest.isEmpty {
                throw InputProblem(field: nil, message: "filter \(filter): arguments are separated by ','")
            }
        }
        return result
    }
}

/// A filter ready to run in the compiled mapping: its `maps:` table and the mapping's zone
/// resolved, and whether a `default` later in the chain rescues a value its table lacks. It
/// works on the value's UTF-8 bytes, with a text path only where Unicode needs one.
struct FilterStep: Sendable {
    let filter: TemplateFilter
    /// The `map` filter's table, as bytes.
    let table: [[UInt8]: [UInt8]]
    let tableName: String
    let zone: TimeZone?
    let rescued: Bool
    /// The `default` filter's text, as bytes.
    let defaultBytes: [UInt8]

    init(filter: TemplateFilter, table: [String: String], tableName: String, zone: TimeZone?, rescued: Bool) {
        self.filter = filter
        var bytes: [[UInt8]: [UInt8]] = [:]
        for (key, value) in table { bytes[Array(key.utf8)] = Array(value.utf8) }
        self.table = bytes
        self.tableName = tableName
        self.zone = zone
        self.rescued = rescued
        if case .defaultValue(let text) = filter { defaultBytes = Array(text.utf8) } else { defaultBytes = [] }
    }

    /// Why the filter cannot apply to a value (SPEC §15.2): the record is invalid.
    struct Failure: Error {
        let message: String
    }

    /// The value after the filter (nil: missing), as text: what `apply(to:present:)` does to bytes.
    func apply(_ value: String?) throws(Failure) -> String? {
        var bytes = Array((value ?? "").utf8)
        var present = value != nil
        try apply(to: &bytes, present: &present)
        return present ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Applies the filter to the UTF-8 `value`, in place; `present` false: the value is missing.
    func apply(to value: inout [UInt8], present: inout Bool) throws(Failure) {
        switch filter {
        case .defaultValue:
            if !present || value.isEmpty {
                value = defaultBytes
                present = true
            }
            return
        default:
            if !present { return }
        }
        switch filter {
        case .trim: Self.trim(&value)
        case .lower: Self.changeCase(&value, upper: false)
        case .upper: Self.changeCase(&value, upper: true)
        case .defaultValue: break
        case .truncate(let count): Self.truncate(&value, to: count)
        case .replace(let from, let to):
            value = Array(String(decoding: value, as: UTF8.self).replacingOccurrences(of: from, with: to).utf8)
        case .map:
            if let mapped = table[value] {
                value = mapped
            } else if rescued {
                present = false
            } else {
                let text = String(decoding: value, as: UTF8.self)
                throw Failure(message: "filter map: \(JSONWriter.string(.string(text))) is not in maps: \(tableName)")
            }
        case .date(let format):
            if value.isEmpty { return }
            var output: [UInt8] = []
            guard format.iso8601(utf8: value, zone: zone, into: &output) else {
                let text = String(decoding: value, as: UTF8.self)
                throw Failure(message: "filter date: \(JSONWriter.string(.string(text))) does not match \"\(format.description)\"")
            }
            value = output
        }
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// Without whitespace and line breaks around it (Unicode's, through text when an end is not ASCII).
    static func trim(_ value: inout [UInt8]) {
        var start = 0
        var end = value.count
        while start < end, isASCIISpace(value[start]) { start += 1 }
        while end > start, isASCIISpace(value[end - 1]) { end -= 1 }
        if start < end, value[start] >= 0x80 || value[end - 1] >= 0x80 {
            let text = String(decoding: value[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            value = Array(text.utf8)
            return
        }
        if start > 0 || end < value.count { value = Array(value[start..<end]) }
    }

    /// Lowercased or uppercased: ASCII in place, anything else through text.
    static func changeCase(_ value: inout [UInt8], upper: Bool) {
        guard value.allSatisfy({ $0 < 0x80 }) else {
            let text = String(decoding: value, as: UTF8.self)
            value = Array((upper ? text.uppercased() : text.lowercased()).utf8)
            return
        }
        for index in value.indices {
            let byte = value[index]
            if upper, byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { value[index] = byte - 32 }
            if !upper, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { value[index] = byte + 32 }
        }
    }

    /// At most `count` UTF-16 units, the last one `…` when cut; cut between whole characters
    /// (a flag, an accented letter, an emoji sequence or CR LF is kept whole or dropped whole).
    static func truncate(_ value: inout [UInt8], to count: Int) {
        // UTF-16 never counts more units than UTF-8 has bytes.
        guard value.count > count else { return }
        if value.allSatisfy({ $0 < 0x80 }) {
            // ASCII: a unit a byte, and a character a byte but for CR LF.
            var end = count - 1
            if end > 0, value[end - 1] == 0x0D, value[end] == 0x0A { end -= 1 }
            value = Array(value[..<end]) + Array("…".utf8)
            return
        }
        let text = String(decoding: value, as: UTF8.self)
        guard text.utf16.count > count else { return }
        var kept = ""
        var units = 0
        for character in text {
            let width = character.utf16.count
            if units + width > count - 1 { break }
            kept.append(character)
            units += width
        }
        value = Array((kept + "…").utf8)
    }

    /// `text` cut to at most `count` UTF-16 units, the last one `…` when cut.
    static func truncated(_ text: String, to count: Int) -> String {
        var bytes = Array(text.utf8)
        truncate(&bytes, to: count)
        return String(decoding: bytes, as: UTF8.self)
    }
}
