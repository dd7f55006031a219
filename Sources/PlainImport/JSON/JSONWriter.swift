/// Writes JSON text.
///
/// `canonical` output follows RFC 8785 (JCS): members sorted by UTF-16 code units, no
/// whitespace, minimal string escaping and ECMAScript number formatting. It is the basis of
/// derived externalIds and must never change. The default output keeps member order and
/// number literals as written.
public enum JSONWriter {
    /// The JSON text of `value`.
    public static func string(_ value: JSONValue, canonical: Bool = false) -> String {
        String(decoding: bytes(value, canonical: canonical), as: UTF8.self)
    }

    /// The UTF-8 bytes of the JSON text of `value`.
    public static func bytes(_ value: JSONValue, canonical: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, canonical: canonical, into: &output)
        return output
    }

    /// Appends the JSON text of `value` to `output`.
    static func write(_ value: JSONValue, canonical: Bool, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal): output.append(contentsOf: (canonical ? canonicalNumber(literal) : literal).utf8)
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(element, canonical: canonical, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            write(object, canonical: canonical, into: &output)
        }
    }

    /// Appends the JSON text of `object` to `output`.
    static func write(_ object: JSONObject, canonical: Bool, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        if canonical && !isSorted(object.members) {
            let sorted = object.members.sorted { precedes($0.key, $1.key) }
            writeMembers(sorted, canonical: canonical, into: &output)
        } else {
            writeMembers(object.members, canonical: canonical, into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// Whether `left` comes before `right` in RFC 8785 order (by UTF-16 code units). Up to the
    /// first difference, ASCII bytes order as their code units do, so names (nearly always
    /// ASCII) are compared as bytes; the UTF-16 comparison is made only past a non-ASCII byte.
    static func precedes(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        let decided: Bool? = left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                var index = 0
                while index < leftBytes.count && index < rightBytes.count {
                    let a = leftBytes[index]
                    let b = rightBytes[index]
                    if a >= 0x80 || b >= 0x80 { return nil }
                    if a != b { return a < b }
                    index += 1
                }
                return leftBytes.count < rightBytes.count
            }
        }
        return decided ?? left.utf16.lexicographicallyPrecedes(right.utf16)
    }

    private static func writeMembers(_ members: [JSONObject.Member], canonical: Bool, into output: inout [UInt8]) {
        for (position, member) in members.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            writeString(member.key, into: &output)
            output.append(UInt8(ascii: ":"))
            write(member.value, canonical: canonical, into: &output)
        }
    }

    /// Whether the members are already in RFC 8785 order (most small objects are): then no
    /// sorted copy is made.
    private static func isSorted(_ members: [JSONObject.Member]) -> Bool {
        var index = 1
        while index < members.count {
            if !precedes(members[index - 1].key, members[index].key) { return false }
            index += 1
        }
        return true
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes `text` as a JSON string with minimal escaping (RFC 8785): `"`, `\\`, and control
    /// characters are escaped; everything else is copied as it is.
    private static func writeString(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendString($0, to: &output) }
    }

    /// Appends the UTF-8 `text` as a JSON string, escaped exactly as `string(_:)` escapes it.
    static func appendString(_ text: some Collection<UInt8>, to output: inout [UInt8]) {
        output.append(0x22)
        if !text.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            output.append(contentsOf: text)
        } else {
            for byte in text {
                switch byte {
                case 0x22: output += [0x5C, 0x22]
                case 0x5C: output += [0x5C, 0x5C]
                case 0x08: output += [0x5C, UInt8(ascii: "b")]
                case 0x0C: output += [0x5C, UInt8(ascii: "f")]
                case 0x0A: output += [0x5C, UInt8(ascii: "n")]
                case 0x0D: output += [0x5C, UInt8(ascii: "r")]
                case 0x09: output += [0x5C, UInt8(ascii: "t")]
                case ..<0x20: output += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
                default: output.append(byte)
                }
            }
        }
        output.append(0x22)
    }

    /// Formats a JSON number literal the way ECMAScript's Number.prototype.toString does,
    /// as RFC 8785 requires.
    static func canonicalNumber(_ literal: String) -> String {
        guard let value = Double(literal), value.isFinite else { return literal }
        if value == 0 { return "0" }
        let negative = value < 0
        // Swift prints the shortest digits that round-trip, as ECMAScript requires.
        let described = "\(value.magnitude)"
        var mantissa = Substring(described)
        var exponent = 0
        if let e = described.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = described[..<e]
            exponent = Int(described[described.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts.first.map(String.init) ?? ""
        let fractionPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = integerPart + fractionPart
        // The decimal point sits after `integerPart.count` digits, shifted by the exponent.
        var pointPosition = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        if digits.isEmpty { return "0" }
        let k = digits.count
        let n = pointPosition
        var result: String
        if k <= n && n <= 21 {
            result = digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            result = digits[..<split] + "." + digits[split...]
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            let first = digits.prefix(1)
            let rest = digits.dropFirst()
            result = first + (rest.isEmpty ? "" : "." + rest) + "e" + sign + String(abs(e))
        }
        return negative ? "-" + result : result
    }
}
