import Foundation
import Testing

@testable import PlainImport

/// The template filters of SPEC §15.2, through the one engine and one by one.
@Suite struct TemplateFilterTests {
    func engine(_ yaml: String, columns: [String]) throws -> CompiledMapping {
        CompiledMapping(mapping: try MappingParser.parse(yaml, file: "m.yaml"), columns: ColumnIndex(names: columns))
    }

    func step(_ filter: TemplateFilter, table: [String: String] = [:], rescued: Bool = false) -> FilterStep {
        FilterStep(filter: filter, table: table, tableName: "t", zone: nil, rescued: rescued)
    }

    @Test func filtersApplyLeftToRightInEveryTemplate() throws {
        let engine = try engine(
            """
            customer: { email: "{{email | trim | lower}}" }
            upsertCustomer: { fullName: "{{name | trim | default: 'Someone'}}" }
            title: "{{status | lower | map: statuses}} / {{name | upper | replace: 'A', '4'}}"
            timestamp: "{{when | date: '%m/%d/%Y %I:%M %p'}}"
            timezone: America/New_York
            externalId: "o-{{id | trim}}"
            maps: { statuses: { paid: Paid, refunded: Refunded } }
            components:
              - text: "{{note | default: 'none' | truncate: 3}}"
              - badge: "{{plan | map: plans | default: 'Other'}}"
            """.replacingOccurrences(
                of: "maps: { statuses: { paid: Paid, refunded: Refunded } }",
                with: "maps: { statuses: { paid: Paid, refunded: Refunded }, plans: { g: Gold } }"
            ),
            columns: ["email", "name", "status", "when", "id", "note", "plan"]
        )
        let event = try #require(
            try engine.event(for: CSVRow(cells: ["  Ada@Example.COM ", "ada", "PAID", "03/14/2024 9:05 PM", " 7 ", "", "x"]))
        )
        #expect(event.input["customerIdentifier"] == .object(JSONObject(["emailAddress": "ada@example.com"])))
        #expect(event.input["title"] == "Paid / 4D4")
        // 9:05 PM in New York on 14 March 2024 (daylight saving time, UTC−4).
        #expect(event.input["timestamp"] == "2024-03-15T01:05:00Z")
        #expect(event.externalId == "o-7")
        let components = event.input["components"]?.arrayValue ?? []
        #expect(components.first?.objectValue?["componentText"]?.objectValue?["text"] == "no…")
        #expect(components.last?.objectValue?["componentBadge"]?.objectValue?["badgeLabel"] == "Other")
        guard case .customer(_, let upsert)? = event.prerequisite else {
            Issue.record("an upsert is expected")
            return
        }
        #expect(upsert["onCreate"]?.objectValue?["fullName"] == "ada")
    }

    /// A filter that cannot apply makes the record invalid, naming field, filter and value.
    @Test func aFilterThatCannotApplyNamesFieldFilterAndValue() throws {
        let engine = try engine(
            """
            customer: { email: "{{email}}" }
            title: "{{status | map: statuses}}"
            timestamp: "{{when | date: '%Y-%m-%d'}}"
            maps: { statuses: { paid: Paid } }
            """,
            columns: ["email", "status", "when"]
        )
        #expect(
            engine.problem(in: CSVRow(cells: ["a@example.com", "open", "2024-01-02"]))
                == InputProblem(field: "status", message: #"filter map: "open" is not in maps: statuses"#)
        )
        #expect(
            engine.problem(in: CSVRow(cells: ["a@example.com", "paid", "2024-02-30"]))
                == InputProblem(field: "when", message: #"filter date: "2024-02-30" does not match "%Y-%m-%d""#)
        )
        #expect(engine.problem(in: CSVRow(cells: ["a@example.com", "paid", "2024-02-29"])) == nil)
    }

    /// `default` makes a required field optional, in the header check too.
    @Test func defaultMakesAFieldOptional() throws {
        let mapping = try MappingParser.parse(
            #"customer: { email: "{{email}}" }\ntitle: "{{title | default: 'Untitled'}}""#.replacingOccurrences(of: "\\n", with: "\n"),
            file: "m.yaml"
        )
        try mapping.checkColumns(ColumnIndex(names: ["email"]))
        let event = try #require(
            try CompiledMapping(mapping: mapping, columns: ColumnIndex(names: ["email"])).event(for: CSVRow(cells: ["a@example.com"]))
        )
        #expect(event.input["title"] == "Untitled")
    }

    /// Unknown filters, unknown tables and bad formats are mapping errors at their line.
    @Test(arguments: [
        ("title: \"{{a | shout}}\"", 3, "unknown filter \"shout\""),
        ("title: \"{{a | map: plans}}\"", 3, "map: plans names no table of maps:"),
        ("title: \"{{a | date: '%Q'}}\"", 3, "unknown directive %Q"),
        ("title: \"{{a | date: '%H:%M'}}\"", 3, "needs a year"),
        ("title: \"{{a | truncate: 0}}\"", 3, "at least 1"),
        ("title: \"{{a | replace: 'x'}}\"", 3, "takes two texts"),
    ])
    func mistakesInFiltersAreMappingErrorsAtTheirLine(_ line: String, _ number: Int, _ message: String) throws {
        let yaml = "event: customer\ncustomer: { email: \"{{e}}\" }\n" + line + "\n"
        do {
            _ = try MappingParser.parse(yaml, file: "m.yaml")
            Issue.record("\(line) must be refused")
        } catch {
            #expect(error.line == number, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    /// Filters are pure: the same value always gives the same text; `truncate` keeps within
    /// its UTF-16 count and never splits a surrogate pair.
    @Test func filtersArePureAndTruncateRespectsUTF16() throws {
        var generator = SeededGenerator()
        let alphabet: [String] = ["a", "é", "😀", " ", "Ω", "👩‍👩‍👧", "\u{301}", "Z", "🇫🇷", "\r\n", "\r", "\n"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
            let count = Int.random(in: 1...20, using: &generator)
            let cut = FilterStep.truncated(text, to: count)
            #expect(cut.utf16.count <= count, "\(text.debugDescription) to \(count) (\(generator.replay))")
            #expect(cut == FilterStep.truncated(text, to: count))
            if text.utf16.count <= count {
                #expect(cut == text)
            } else {
                #expect(cut.hasSuffix("…"))
                #expect(
                    Array(text).starts(with: Array(cut.dropLast())),
                    "a prefix of whole characters: \(text.debugDescription) (\(generator.replay))"
                )
            }
            for filter in [TemplateFilter.trim, .lower, .upper, .replace("a", "b"), .defaultValue("x")] {
                #expect(try step(filter).apply(text) == step(filter).apply(text))
            }
        }
    }

    @Test func mapLooksUpAndDefaultRescuesAMiss() throws {
        #expect(try step(.map("t"), table: ["a": "A"]).apply("a") == "A")
        #expect(throws: FilterStep.Failure.self) { try step(.map("t"), table: ["a": "A"]).apply("b") }
        #expect(try step(.map("t"), table: ["a": "A"], rescued: true).apply("b") == nil)
        #expect(try step(.defaultValue("d")).apply(nil) == "d")
        #expect(try step(.defaultValue("d")).apply("") == "d")
        #expect(try step(.defaultValue("d")).apply("v") == "v")
        #expect(try step(.trim).apply(nil) == nil)
    }

    /// `date` agrees with Foundation's own reading of the same format: every text Foundation
    /// writes of a random instant, in several formats and zones, reads back to an instant
    /// Foundation writes as the same text.
    @Test(arguments: ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe"])
    func dateAgreesWithFoundation(_ zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        let formats: [(ours: String, foundation: String)] = [
            ("%m/%d/%Y %I:%M %p", "MM/dd/yyyy hh:mm a"),
            ("%Y-%m-%d %H:%M:%S", "yyyy-MM-dd HH:mm:ss"),
            ("%d %b %Y %H:%M", "dd MMM yyyy HH:mm"),
            ("%Y%m%dT%H%M%S%z", "yyyyMMdd'T'HHmmssZ"),
            ("%d.%m.%y %H:%M:%S.%f", "dd.MM.yy HH:mm:ss.SSS"),
        ]
        var generator = SeededGenerator()
        for (ours, theirs) in formats {
            let format = try DateFormat(ours)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = theirs
            for _ in 0..<800 {
                // 1970–2068: the years a two-digit %y reads back the same.
                let milliseconds = Int64.random(in: 0...3_122_064_000_000, using: &generator)
                let text = formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
                let iso = try #require(
                    format.iso8601(text, zone: TimestampParser.isUTC(zone) ? nil : zone),
                    "\(ours) did not read \(text) (\(generator.replay))"
                )
                let instant = try #require(TimestampParser.instant(iso), "\(iso)")
                #expect(formatter.string(from: instant) == text, "\(ours): \(text) read as \(iso) (\(generator.replay))")
            }
        }
    }

    /// Customer emails Plain would refuse are invalid locally, with the filters that fix spaces (SPEC §15.4).
    @Test func emailsPlainWouldRefuseAreInvalid() throws {
        let engine = try engine("customer: { email: \"{{email}}\" }\ntitle: t", columns: ["email"])
        #expect(engine.problem(in: CSVRow(cells: ["Ada@Example.com"])) == nil, "case is Plain's to ignore")
        let around = try #require(engine.problem(in: CSVRow(cells: [" a@example.com"])))
        #expect(around.field == "customer.emailAddress")
        #expect(around.message.contains("spaces around it") && around.message.contains("| trim | lower"), "\(around)")
        #expect(engine.problem(in: CSVRow(cells: ["a b@example.com"]))?.message.contains("space inside") == true)
        #expect(engine.problem(in: CSVRow(cells: ["example.com"]))?.message.contains("not one name, @ and a domain") == true)
        #expect(engine.problem(in: CSVRow(cells: ["a@b@example.com"])) != nil)
        let trimmed = try self.engine("customer: { email: \"{{email | trim | lower}}\" }\ntitle: t", columns: ["email"])
        #expect(trimmed.problem(in: CSVRow(cells: [" A@Example.com "])) == nil)
    }

    /// `where:` keeps the records whose values are in (or not in) the lists; the rest are filtered.
    @Test func whereKeepsOnlyTheRecordsThatMeetEveryCondition() throws {
        let engine = try engine(
            """
            customer: { email: "{{email}}" }
            title: t
            where:
              - { value: "{{status | lower}}", in: [paid, refunded] }
              - { value: "{{email?}}", notIn: [""] }
            """,
            columns: ["email", "status"]
        )
        #expect(engine.verdict(for: CSVRow(cells: ["a@example.com", "PAID"])) == .accepted)
        #expect(engine.verdict(for: CSVRow(cells: ["a@example.com", "open"])) == .filtered)
        #expect(engine.verdict(for: CSVRow(cells: ["", "paid"])) == .filtered, "a filtered record is not judged further")
        #expect(try engine.event(for: CSVRow(cells: ["a@example.com", "open"])) == nil)
    }

    /// Found by review: `%z` takes +02, +0200 or +02:00 only; a format's own spaces at its ends
    /// are ignored as the value's are; `truncate` keeps characters whole.
    @Test func zonesAreStrictFormatEdgesLooseAndTruncateKeepsCharactersWhole() throws {
        let zoned = try DateFormat("%Y-%m-%d %H:%M %z")
        for broken in ["+05:3", "+053", "+05:", "+5", "+05:3x"] {
            #expect(zoned.iso8601("2024-01-01 10:00 \(broken)", zone: nil) == nil, "\(broken)")
        }
        for (zone, expected) in [
            ("+05:30", "2024-01-01T04:30:00Z"), ("+0530", "2024-01-01T04:30:00Z"), ("+05", "2024-01-01T05:00:00Z"), ("Z", "2024-01-01T10:00:00Z"),
        ] {
            #expect(zoned.iso8601("2024-01-01 10:00 \(zone)", zone: nil) == expected, "\(zone)")
        }
        #expect(try DateFormat(" %m/%d/%Y %I:%M %p ").iso8601("12/31/2024 11:59 PM ", zone: nil) == "2024-12-31T23:59:00Z")
        #expect(FilterStep.truncated("ab🇫🇷xyz", to: 5) == "ab…")
        #expect(FilterStep.truncated("ab🇫🇷xyz", to: 7) == "ab🇫🇷…")
        #expect(FilterStep.truncated("cafe\u{301} au lait", to: 5) == "caf…")
        #expect(FilterStep.truncated("a👨‍👩‍👧 family", to: 5) == "a…")
        #expect(FilterStep.truncated("ab\r\ncd", to: 4) == "ab…", "CR LF is one character")
    }

    /// A quoted "null" in a `where:` list is the text null; an unquoted null or ~ is an empty value.
    @Test func aQuotedNullInAWhereListIsText() throws {
        let engine = try engine(
            """
            customer: { email: "{{email}}" }
            title: t
            where:
              - { value: "{{status}}", notIn: ["null", "NULL"] }
            """,
            columns: ["email", "status"]
        )
        #expect(engine.verdict(for: CSVRow(cells: ["a@example.com", "null"])) == .filtered)
        #expect(engine.verdict(for: CSVRow(cells: ["a@example.com", ""])) == .accepted)
        let empty = try self.engine(
            "customer: { email: \"{{email}}\" }\ntitle: t\nwhere:\n  - { value: \"{{status}}\", notIn: [null, ~] }",
            columns: ["email", "status"]
        )
        #expect(empty.verdict(for: CSVRow(cells: ["a@example.com", ""])) == .filtered)
        #expect(empty.verdict(for: CSVRow(cells: ["a@example.com", "null"])) == .accepted)
    }
}
