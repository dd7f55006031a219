import Testing

@testable import PlainImport

/// Durations as the command line writes them, both ways.
@Suite struct DurationTextTests {
    @Test(arguments: [("90s", 90), ("5m", 300), ("1h30m", 5_400), ("2h", 7_200), ("1h0m5s", 3_605)])
    func writtenDurationsReadBack(text: String, seconds: Int64) {
        #expect(DurationText.parse(text) == .seconds(seconds))
        #expect(DurationText.parse(DurationText.write(.seconds(seconds))) == .seconds(seconds))
    }

    @Test func theDefaultsAreWrittenAsTheHelpShowsThem() {
        #expect(DurationText.write(.seconds(300)) == "5m")
        #expect(DurationText.write(.seconds(30)) == "30s")
        #expect(DurationText.write(.seconds(5_400)) == "1h30m")
    }
}
