/// Writes JSON text.
///
/// `canonical` output follows RFC 8785 (JCS): members sorted by UTF-16 code units, no
/// whitespace, minimal string escaping and ECMAScript number formatting. It is the basis of
/// derived externalIds and must never change. The default output keeps member order and
/// number literals as written.
public enum JSONWriter {
    /// The JSON text of `value`.
    public static func string(_ value: JSONValue, canonical: Bool = false) -> String {
        var output = ""
        write(value, canonical: canonical, into: &output)
        return output
    }

    /// The UTF-8 bytes of the JSON text of `value`.
    public static func bytes(_ value: JSONValue, canonical: Bool = false) -> [UInt8] {
        Array(string(value, canonical: canonical).utf8)
    }

    private static func write(_ value: JSONValue, canonical: Bool, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let literal): output += canonical ? canonicalNumber(literal) : literal
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                write(element, canonical: canonical, into: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            let members =
                canonical
                ? object.members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
                : object.members
            for (position, member) in members.enumerated() {
                if position > 0 { output += "," }
                writeString(member.key, into: &output)
                output += ":"
                write(member.value, canonical: canonical, into: &output)
            }
            output += "}"
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes `text` as a JSON string with minimal escaping (RFC 8785): `"`, `\\`, and control
    /// characters are escaped; everything else is copied as it is. Works on UTF-8 bytes: every
    /// escape is ASCII, so the bytes between escapes are copied whole.
    private static func writeString(_ text: String, into output: inout String) {
        output += "\""
        let needsEscape = text.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
        if !needsEscape {
            output += text
        } else {
            var escaped: [UInt8] = []
            escaped.reserveCapacity(text.utf8.count + 8)
            for byte in text.utf8 {
                switch byte {
                case 0x22: escaped += [0x5C, 0x22]
                case 0x5C: escaped += [0x5C, 0x5C]
                case 0x08: escaped += [0x5C, UInt8(ascii: "b")]
                case 0x0C: escaped += [0x5C, UInt8(ascii: "f")]
                case 0x0A: escaped += [0x5C, UInt8(ascii: "n")]
                case 0x0D: escaped += [0x5C, UInt8(ascii: "r")]
                case 0x09: escaped += [0x5C, UInt8(ascii: "t")]
                case ..<0x20: escaped += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
                default: escaped.append(byte)
                }
            }
            output += String(decoding: escaped, as: UTF8.self)
        }
        output += "\""
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
