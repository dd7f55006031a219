import Foundation

/// A strptime-style date format of the `date` filter (SPEC §15.2): `%Y %m %d %H %M %S %f %z
/// %p %I %b %y` and `%%`; any other character matches itself, and a space matches one or more
/// spaces. Parsing is exact: the whole value must match, and every field must be in range.
public struct DateFormat: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case literal(UInt8)
        case space
        case year4, year2, month, monthName, day, hour24, hour12, minute, second, fraction, zone, meridiem
    }

    let tokens: [Token]
    /// The format as written.
    public let description: String

    /// Why a format cannot be used.
    public struct Invalid: Error, Sendable {
        public let message: String
    }

    /// The format `text`; an unknown directive, or a format without a year, a month and a
    /// day, is invalid (a date read without one would be a wrong date, sent for good).
    public init(_ text: String) throws(Invalid) {
        description = text
        var tokens: [Token] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: " ") {
                if tokens.last != .space { tokens.append(.space) }
                continue
            }
            guard byte == UInt8(ascii: "%") else {
                tokens.append(.literal(byte))
                continue
            }
            guard let directive = bytes.popFirst() else { throw Invalid(message: "ends with a lone %") }
            switch directive {
            case UInt8(ascii: "Y"): tokens.append(.year4)
            case UInt8(ascii: "y"): tokens.append(.year2)
            case UInt8(ascii: "m"): tokens.append(.month)
            case UInt8(ascii: "b"): tokens.append(.monthName)
            case UInt8(ascii: "d"): tokens.append(.day)
            case UInt8(ascii: "H"): tokens.append(.hour24)
            case UInt8(ascii: "I"): tokens.append(.hour12)
            case UInt8(ascii: "M"): tokens.append(.minute)
            case UInt8(ascii: "S"): tokens.append(.second)
            case UInt8(ascii: "f"): tokens.append(.fraction)
            case UInt8(ascii: "z"): tokens.append(.zone)
            case UInt8(ascii: "p"): tokens.append(.meridiem)
            case UInt8(ascii: "%"): tokens.append(.literal(UInt8(ascii: "%")))
            default:
                throw Invalid(
                    message: "has the unknown directive %\(Character(Unicode.Scalar(directive))) (known: %Y %y %m %b %d %H %I %M %S %f %z %p %%)"
                )
            }
        }
        // The value's own spaces around it are ignored: so are the format's.
        while tokens.first == .space { tokens.removeFirst() }
        while tokens.last == .space { tokens.removeLast() }
        let has = Set(tokens)
        guard has.contains(.year4) || has.contains(.year2), has.contains(.month) || has.contains(.monthName), has.contains(.day) else {
            throw Invalid(message: "needs a year (%Y or %y), a month (%m or %b) and a day (%d)")
        }
        if has.contains(.meridiem) != has.contains(.hour12) {
            throw Invalid(message: "uses %I (12-hour clock) and %p (AM / PM) together or neither")
        }
        self.tokens = tokens
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let fullMonthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]

    /// `text` read with the format, as ISO 8601 UTC (with milliseconds when the format has
    /// `%f`); a time without `%z` is read in `zone` (nil: UTC). Nil when it does not match.
    public func iso8601(_ text: String, zone: TimeZone?) -> String? {
        var output: [UInt8] = []
        guard iso8601(utf8: Array(text.utf8), zone: zone, into: &output) else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    /// The UTF-8 `text` read with the format (spaces and tabs around it ignored), appended to
    /// `output` as ISO 8601 UTC; false when it does not match.
    func iso8601(utf8 text: [UInt8], zone: TimeZone?, into output: inout [UInt8]) -> Bool {
        var from = 0
        var to = text.count
        while from < to, text[from] == 0x20 || text[from] == 0x09 { from += 1 }
        while to > from, text[to - 1] == 0x20 || text[to - 1] == 0x09 { to -= 1 }
        let input = text
        let end = to
        var index = from
        var year = 1970
        var month = 1
        var day = 1
        var hour = 0
        var minute = 0
        var second = 0
        var milliseconds = 0
        var offset: Int?
        var pm: Bool?
        var hasFraction = false

        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        /// At least `least`, at most `most` digits.
        func number(_ least: Int, _ most: Int) -> Int? {
            var value = 0
            var count = 0
            while count < most, index < end, isDigit(input[index]) {
                value = value * 10 + Int(input[index] - 0x30)
                index += 1
                count += 1
            }
            return count >= least ? value : nil
        }
        func lowercasedLetters() -> String {
            var letters: [UInt8] = []
            while index < end, (input[index] | 0x20) >= UInt8(ascii: "a"), (input[index] | 0x20) <= UInt8(ascii: "z") {
                letters.append(input[index] | 0x20)
                index += 1
            }
            return String(decoding: letters, as: UTF8.self)
        }

        for token in tokens {
            switch token {
            case .literal(let byte):
                guard index < end, input[index] == byte else { return false }
                index += 1
            case .space:
                let start = index
                while index < end, input[index] == 0x20 || input[index] == 0x09 { index += 1 }
                guard index > start else { return false }
            case .year4:
                guard let value = number(4, 4) else { return false }
                year = value
            case .year2:
                guard let value = number(2, 2) else { return false }
                year = value < 69 ? 2000 + value : 1900 + value
            case .month:
                guard let value = number(1, 2) else { return false }
                month = value
            case .monthName:
                let name = lowercasedLetters()
                guard let position = Self.monthNames.firstIndex(of: name) ?? Self.fullMonthNames.firstIndex(of: name) else { return false }
                month = position + 1
            case .day:
                guard let value = number(1, 2) else { return false }
                day = value
            case .hour24, .hour12:
                guard let value = number(1, 2) else { return false }
                hour = value
            case .minute:
                guard let value = number(1, 2) else { return false }
                minute = value
            case .second:
                guard let value = number(1, 2) else { return false }
                second = value
            case .fraction:
                let start = index
                guard let value = number(1, 6) else { return false }
                let digits = index - start
                var scaled = value
                for _ in digits..<6 { scaled *= 10 }
                milliseconds = scaled / 1000
                hasFraction = true
            case .zone:
                guard index < end else { return false }
                if input[index] == UInt8(ascii: "Z") {
                    index += 1
                    offset = 0
                    continue
                }
                let sign = input[index]
                guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
                index += 1
                guard let hours = number(2, 2), hours <= 23 else { return false }
                // +02, +0200 or +02:00: minutes, when anything follows the hours, are two digits.
                var minutes = 0
                if index < end, input[index] == UInt8(ascii: ":") || isDigit(input[index]) {
                    if input[index] == UInt8(ascii: ":") { index += 1 }
                    guard let value = number(2, 2), value <= 59 else { return false }
                    minutes = value
                }
                offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            case .meridiem:
                let word = lowercasedLetters()
                guard word == "am" || word == "pm" else { return false }
                pm = word == "pm"
            }
        }
        guard index == end else { return false }
        if let pm {
            guard (1...12).contains(hour) else { return false }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard (1...12).contains(month), (1...TimestampParser.daysInMonth(year: year, month: month)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return false }
        let local = Int64(TimestampParser.daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let seconds = local - Int64(offset ?? zone.map { TimestampParser.localOffset(local, $0) } ?? 0)
        TimestampParser.format(epochMilliseconds: seconds * 1000 + Int64(milliseconds), withMilliseconds: hasFraction, into: &output)
        return true
    }
}
