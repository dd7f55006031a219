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
/// resolved, and whether a `default` later in the chain rescues a value its table lacks.
struct FilterStep: Sendable {
    let filter: TemplateFilter
    let table: [String: String]
    let tableName: String
    let zone: TimeZone?
    let rescued: Bool

    /// Why the filter cannot apply to a value (SPEC §15.2): the record is invalid.
    struct Failure: Error {
        let message: String
    }

    /// The value after the filter (nil: missing).
    func apply(_ value: String?) throws(Failure) -> String? {
        switch filter {
        case .trim: return value?.trimmingCharacters(in: .whitespacesAndNewlines)
        case .lower: return value?.lowercased()
        case .upper: return value?.uppercased()
        case .defaultValue(let text):
            guard let value, !value.isEmpty else { return text }
            return value
        case .truncate(let count): return value.map { Self.truncated($0, to: count) }
        case .replace(let from, let to): return value?.replacingOccurrences(of: from, with: to)
        case .map:
            guard let value else { return nil }
            if let mapped = table[value] { return mapped }
            if rescued { return nil }
            throw Failure(message: "filter map: \(JSONWriter.string(.string(value))) is not in maps: \(tableName)")
        case .date(let format):
            guard let value, !value.isEmpty else { return value }
            guard let iso = format.iso8601(value, zone: zone) else {
                throw Failure(message: "filter date: \(JSONWriter.string(.string(value))) does not match \"\(format.description)\"")
            }
            return iso
        }
    }

    /// `text` cut to at most `count` UTF-16 units, the last one `…` when cut; never between
    /// the two units of a surrogate pair.
    static func truncated(_ text: String, to count: Int) -> String {
        guard text.utf16.count > count else { return text }
        var kept = ""
        var units = 0
        for scalar in text.unicodeScalars {
            let width = scalar.utf16.count
            if units + width > count - 1 { break }
            kept.unicodeScalars.append(scalar)
            units += width
        }
        return kept + "…"
    }
}
