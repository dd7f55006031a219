import PlainImport
import Testing

@testable import PlainFake

/// The stand-in's own reading of Plain's schema and limits, and where it meets the importer's
/// rules: both must refuse the same inputs, each by its own code.
@Suite struct PlainInputJudgeTests {
    static func customer(_ components: String, identifier: String = #"{"emailAddress":"a@example.com"}"#) -> JSONObject {
        // swift-format-ignore: NeverUseForceTry
        (try? JSONParser.parse(#"{"customerIdentifier":\#(identifier),"title":"t","components":[\#(components)]}"#).objectValue) ?? JSONObject()
    }

    static let cases: [(name: String, input: JSONObject, refused: Bool, isLimit: Bool)] = [
        ("plain text", customer(#"{"componentText":{"text":"hello","textSize":"S"}}"#), false, false),
        (
            "every leaf",
            customer(
                #"{"componentSpacer":{"spacerSize":"M"}},{"componentDivider":{}},{"componentBadge":{"badgeLabel":"b","badgeColor":"GREEN"}},{"componentCopyButton":{"copyButtonValue":"v"}},{"componentDateTime":{"dateTimeIso8601":"2024-01-01T00:00:00Z"}},{"componentUser":{"userIdentifier":{"emailAddress":"u@example.com"}}},{"componentWorkflowButton":{"workflowButtonLabel":"w","workflowButtonWorkflowIdentifier":{"workflowKey":"k"}}},{"componentLinkButton":{"linkButtonLabel":"l","linkButtonUrl":"https://example.com/x"}}"#
            ), false, false
        ),
        (
            "deprecated fields, still in the schema",
            customer(
                #"{"componentText":{"text":"t","size":"S","color":"MUTED"}},{"componentDivider":{"spacingSize":"L"}},{"componentSpacer":{"size":"XS"}},{"componentLinkButton":{"label":"l","url":"https://example.com/x"}}"#
            ), false, false
        ),
        ("a link button's members are all optional", customer(#"{"componentLinkButton":{}}"#), false, false),
        ("a row", customer(#"{"componentRow":{"rowMainContent":[{"componentText":{"text":"m"}}],"rowAsideContent":[]}}"#), false, false),
        ("two identifiers", customer("", identifier: #"{"emailAddress":"a@example.com","externalId":"x"}"#), true, true),
        ("text too long", customer(#"{"componentText":{"text":"\#(String(repeating: "x", count: 10_001))"}}"#), true, true),
        ("label too long", customer(#"{"componentBadge":{"badgeLabel":"\#(String(repeating: "x", count: 501))"}}"#), true, true),
        ("copy value too long", customer(#"{"componentCopyButton":{"copyButtonValue":"\#(String(repeating: "x", count: 1_001))"}}"#), true, true),
        ("not a URL", customer(#"{"componentLinkButton":{"linkButtonLabel":"l","linkButtonUrl":"not a url"}}"#), true, true),
        ("an empty row", customer(#"{"componentRow":{"rowMainContent":[],"rowAsideContent":[]}}"#), true, true),
        ("an unknown component", customer(#"{"componentContainer":{}}"#), true, false),
        ("an enum value not listed", customer(#"{"componentText":{"text":"t","textSize":"XL"}}"#), true, false),
        ("a missing required field", customer(#"{"componentBadge":{"badgeColor":"RED"}}"#), true, false),
        (
            "a row in a row",
            customer(#"{"componentRow":{"rowMainContent":[{"componentRow":{"rowMainContent":[],"rowAsideContent":[]}}],"rowAsideContent":[]}}"#),
            true, false
        ),
    ]

    @Test(arguments: cases.indices)
    func theJudgeReadsTheSchemaAndLimits(index: Int) {
        let example = Self.cases[index]
        let refusal = PlainInputJudge.refusal(of: example.input, kind: .customer)
        #expect((refusal != nil) == example.refused, "\(example.name): \(refusal.map { "\($0.path): \($0.message)" } ?? "accepted")")
        if let refusal { #expect(refusal.isLimit == example.isLimit, "\(example.name): \(refusal.path): \(refusal.message)") }
    }

    /// The importer refuses what the stand-in refuses, and only that: a record the importer
    /// lets through but Plain refuses would be a failed record; one it refuses but Plain takes,
    /// a lost one.
    @Test(arguments: cases.indices)
    func theImportersRulesAgree(index: Int) {
        let example = Self.cases[index]
        let ours = EventInputRules.problem(in: example.input, kind: .customer)
        #expect((ours != nil) == example.refused, "\(example.name): \(ours.map { "\($0)" } ?? "accepted")")
    }
}
