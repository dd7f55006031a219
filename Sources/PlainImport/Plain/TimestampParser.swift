import Foundation

/// Reads the timestamps SPEC §4 accepts and writes them as ISO 8601 UTC
/// (`2024-10-28T18:30:00Z`, with milliseconds when the input had a fraction or was epoch ms).
///
/// Accepted: ISO 8601 date-times with `T` or a space, with or without seconds, fraction and zone
/// (`Z`, `+02:00`, `+0200`, `+02`); dates alone (midnight); all-digit epoch seconds (up to 10
/// digits) or milliseconds (13 digits). A value without a zone is read in `defaultZone`.
public enum TimestampParser {
    /// Why a value is not a timestamp.
    public struct Invalid: Error, Sendable, Equatable {
        public let message: String
    }

    private struct Parsed {
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0
        var milliseconds = 0
        var hasFraction = false
        /// Offset from UTC in seconds, when the value names its zone.
        var offset: Int?
    }

    /// Whether `text` is an ISO 8601 date or date-time (not an epoch number).
    public static func isISO8601(_ text: String) -> Bool {
        (try? parseISO(Array(text.utf8))) != nil
    }

    /// The value as ISO 8601 UTC.
    public static func normalize(_ text: String, defaultZone: TimeZone) throws(Invalid) -> String {
        var output: [UInt8] = []
        try normalize(utf8: text.utf8, zone: isUTC(defaultZone) ? nil : defaultZone, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the UTF-8 `text` as ISO 8601 UTC to `output` (nothing when it is invalid); a
    /// value without a zone is read in `zone` (nil: UTC).
    static func normalize(utf8 text: some BidirectionalCollection<UInt8>, zone: TimeZone?, into output: inout [UInt8]) throws(Invalid) {
        try normalize(utf8: text, into: &output, zone: zone) { _ in nil }
    }

    /// The offset from UTC of the local time `local` (seconds since 1970, read as UTC) in `zone`:
    /// guessed with the offset at `local` read as UTC, then corrected.
    static func localOffset(_ local: Int64, _ zone: TimeZone) -> Int {
        let guess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local)))
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - Int64(guess))))
    }

    /// Appends the UTF-8 `text` as ISO 8601 UTC to `output`. A value without a zone is read with
    /// the offset `tabled` gives for its local time (seconds since 1970, read as UTC), or when it
    /// gives none, in `zone` through Foundation (nil: UTC).
    static func normalize(
        utf8 text: some BidirectionalCollection<UInt8>,
        into output: inout [UInt8],
        zone: TimeZone?,
        tabled: (Int64) -> Int?
    ) throws(Invalid) {
        let bytes: [UInt8]
        if hasSpaceAtAnEnd(text) {
            bytes = Array(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces).utf8)
        } else {
            bytes = Array(text)
        }
        var trimmed: String { String(decoding: bytes, as: UTF8.self) }
        guard !bytes.isEmpty else { throw Invalid(message: "is empty") }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let number = Int64(trimmed) else { throw Invalid(message: "is not a number") }
            switch bytes.count {
            case ...10: return format(epochMilliseconds: number * 1000, withMilliseconds: false, into: &output)
            case 13: return format(epochMilliseconds: number, withMilliseconds: true, into: &output)
            default:
                throw Invalid(message: "\"\(trimmed)\" has \(bytes.count) digits; epoch seconds have up to 10, milliseconds 13")
            }
        }
        let parsed: Parsed
        do { parsed = try parseISO(bytes) } catch { throw Invalid(message: "\"\(trimmed)\" is not an ISO 8601 date or date-time") }
        let days = daysFromCivil(year: parsed.year, month: parsed.month, day: parsed.day)
        let local = Int64(days) * 86_400 + Int64(parsed.hour * 3600 + parsed.minute * 60 + parsed.second)
        let offset = parsed.offset ?? tabled(local) ?? zone.map { localOffset(local, $0) } ?? 0
        let utc = (local - Int64(offset)) * 1000 + Int64(parsed.milliseconds)
        format(epochMilliseconds: utc, withMilliseconds: parsed.hasFraction, into: &output)
    }

    /// Whether the first or last character may be whitespace (then Foundation trims it).
    private static func hasSpaceAtAnEnd(_ text: some BidirectionalCollection<UInt8>) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        func space(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte >= 0x80 }
        return space(first) || space(last)
    }

    /// Whether `zone` is UTC, whose offset is 0 at every instant (the default zone: no Foundation
    /// time-zone look-up per record).
    static func isUTC(_ zone: TimeZone) -> Bool {
        let identifier = zone.identifier
        return identifier == "UTC" || identifier == "GMT" || identifier == "Etc/UTC" || identifier == "Etc/GMT"
    }

    /// The instant an ISO 8601 date-time that names its zone stands for (`x-ratelimit-reset`),
    /// or nil; without Foundation's date formatters, which cost more than the rest of a request.
    public static func instant(_ text: String) -> Date? {
        guard let parsed = try? parseISO(Array(text.utf8)), let offset = parsed.offset else { return nil }
        let days = daysFromCivil(year: parsed.year, month: parsed.month, day: parsed.day)
        let seconds = Int64(days) * 86_400 + Int64(parsed.hour * 3600 + parsed.minute * 60 + parsed.second) - Int64(offset)
        return Date(timeIntervalSince1970: Double(seconds) + Double(parsed.milliseconds) / 1000)
    }

    /// `date` as ISO 8601 UTC with milliseconds (`2026-12-01T13:52:35.034Z`), or to the second
    /// (`2026-12-01T13:52:35Z`, rounded down, as Foundation's `ISO8601DateFormatter` writes it).
    public static func iso8601(_ date: Date, milliseconds: Bool = true) -> String {
        var bytes: [UInt8] = []
        let epochMilliseconds =
            milliseconds
            ? Int64((date.timeIntervalSince1970 * 1000).rounded())
            : Int64((date.timeIntervalSince1970).rounded(.down)) * 1000
        format(epochMilliseconds: epochMilliseconds, withMilliseconds: milliseconds, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private struct Mismatch: Error {}

    private static func parseISO(_ bytes: [UInt8]) throws(Mismatch) -> Parsed {
        var index = 0
        func number(_ width: Int) throws(Mismatch) -> Int {
            guard index + width <= bytes.count else { throw Mismatch() }
            var value = 0
            for _ in 0..<width {
                let byte = bytes[index]
                guard byte >= 0x30 && byte <= 0x39 else { throw Mismatch() }
                value = value * 10 + Int(byte - 0x30)
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8) throws(Mismatch) {
            guard index < bytes.count, bytes[index] == byte else { throw Mismatch() }
            index += 1
        }
        var parsed = Parsed()
        parsed.year = try number(4)
        try expect(UInt8(ascii: "-"))
        parsed.month = try number(2)
        try expect(UInt8(ascii: "-"))
        parsed.day = try number(2)
        guard (1...12).contains(parsed.month), parsed.day >= 1,
            parsed.day <= daysInMonth(year: parsed.year, month: parsed.month)
        else { throw Mismatch() }
        if index == bytes.count { return parsed }
        guard bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t") || bytes[index] == UInt8(ascii: " ") else {
            throw Mismatch()
        }
        index += 1
        parsed.hour = try number(2)
        try expect(UInt8(ascii: ":"))
        parsed.minute = try number(2)
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            parsed.second = try number(2)
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                var digits = 0
                var fraction = 0
                while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                    if digits < 3 { fraction = fraction * 10 + Int(bytes[index] - 0x30) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { throw Mismatch() }
                for _ in digits..<max(digits, 3) { fraction *= 10 }
                parsed.milliseconds = fraction
                parsed.hasFraction = true
            }
        }
        guard parsed.hour < 24, parsed.minute < 60, parsed.second < 60 else { throw Mismatch() }
        if index == bytes.count { return parsed }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            index += 1
            parsed.offset = 0
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            let hours = try number(2)
            var minutes = 0
            if index < bytes.count {
                if bytes[index] == UInt8(ascii: ":") { index += 1 }
                minutes = try number(2)
            }
            guard hours <= 23, minutes <= 59 else { throw Mismatch() }
            parsed.offset = sign * (hours * 3600 + minutes * 60)
        }
        guard index == bytes.count else { throw Mismatch() }
        return parsed
    }

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func format(epochMilliseconds: Int64, withMilliseconds: Bool, into bytes: inout [UInt8]) {
        let totalSeconds = epochMilliseconds >= 0 ? epochMilliseconds / 1000 : (epochMilliseconds - 999) / 1000
        let millis = Int(epochMilliseconds - totalSeconds * 1000)
        let days = Int(totalSeconds >= 0 ? totalSeconds / 86_400 : (totalSeconds - 86_399) / 86_400)
        let secondsOfDay = Int(totalSeconds - Int64(days) * 86_400)
        let date = civilFromDays(days)
        // Built as bytes: this runs for every timestamp of every record.
        func digits(_ value: Int, _ width: Int) {
            let text = String(value)
            for _ in text.utf8.count..<max(width, text.utf8.count) { bytes.append(0x30) }
            bytes.append(contentsOf: text.utf8)
        }
        func two(_ value: Int) {
            bytes.append(0x30 + UInt8(value / 10))
            bytes.append(0x30 + UInt8(value % 10))
        }
        if (0...9999).contains(date.year) {
            let year = date.year
            bytes += [0x30 + UInt8(year / 1000), 0x30 + UInt8(year / 100 % 10), 0x30 + UInt8(year / 10 % 10), 0x30 + UInt8(year % 10)]
        } else {
            digits(date.year, 4)
        }
        bytes.append(UInt8(ascii: "-"))
        two(date.month)
        bytes.append(UInt8(ascii: "-"))
        two(date.day)
        bytes.append(UInt8(ascii: "T"))
        two(secondsOfDay / 3600)
        bytes.append(UInt8(ascii: ":"))
        two(secondsOfDay / 60 % 60)
        bytes.append(UInt8(ascii: ":"))
        two(secondsOfDay % 60)
        if withMilliseconds {
            bytes.append(UInt8(ascii: "."))
            bytes += [0x30 + UInt8(millis / 100), 0x30 + UInt8(millis / 10 % 10), 0x30 + UInt8(millis % 10)]
        }
        bytes.append(UInt8(ascii: "Z"))
    }
}
