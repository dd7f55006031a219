/// How a template field reads an NDJSON / JSON record: by a dotted path (`user.email`,
/// `items.0.sku`), a member whose name holds the dots first.
enum JSONFieldPath {
    /// The text of the field at `path`, or nil when it is missing (absent, or JSON null).
    static func text(at path: String, in object: JSONObject) -> String? {
        if let direct = object[path] { return text(of: direct) }
        var current = JSONValue.object(object)
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            switch current {
            case .object(let members):
                guard let next = members[String(segment)] else { return nil }
                current = next
            case .array(let elements):
                guard let position = Int(segment), position >= 0, position < elements.count else { return nil }
                current = elements[position]
            default:
                return nil
            }
        }
        return text(of: current)
    }

    /// Values are inserted verbatim: strings as they are, numbers as written, objects and
    /// arrays as compact JSON. Null is missing.
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .string(let text): text
        case .number(let literal): literal
        case .bool(let flag): flag ? "true" : "false"
        case .array, .object: JSONWriter.string(value)
        }
    }
}
