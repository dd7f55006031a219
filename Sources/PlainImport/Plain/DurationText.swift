/// Reads durations as the command line writes them: `90s`, `45m`, `2h`, `1h30m` (SPEC §7.15).
public enum DurationText {
    /// The duration `text` names, or nil when it is not one.
    public static func parse(_ text: String) -> Duration? {
        var total: Int64 = 0
        var number: Int64?
        var sawUnit = false
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (multiplied, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                number = multiplied + Int64(digit)
                continue
            }
            guard let value = number else { return nil }
            let unit: Int64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            default: return nil
            }
            total += value * unit
            number = nil
            sawUnit = true
        }
        guard number == nil, sawUnit, total > 0 else { return nil }
        return .seconds(total)
    }

    /// The duration as the command line writes it (`90s` is `1m30s`, `300s` is `5m`): what
    /// `parse` reads back; whole seconds.
    public static func write(_ duration: Duration) -> String {
        let total = max(0, Int(duration.components.seconds))
        var text = ""
        if total / 3600 > 0 { text += "\(total / 3600)h" }
        if total % 3600 / 60 > 0 { text += "\(total % 3600 / 60)m" }
        if total % 60 > 0 || text.isEmpty { text += "\(total % 60)s" }
        return text
    }

    /// `45 s`, `12 min`, `3 h 20 min`: a duration for people, rounded to what matters.
    public static func describe(seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 90 { return "\(total) s" }
        if total < 3600 { return "\(Int((Double(total) / 60).rounded())) min" }
        let minutes = Int((Double(total) / 60).rounded())
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }
}
