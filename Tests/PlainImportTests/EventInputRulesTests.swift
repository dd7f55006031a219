import Testing

@testable import PlainImport

@Suite struct EventInputRulesTests {
    /// The mapping engine reads its limits from the rules' own table: one limit per field.
    @Test func theLimitOfAComponentFieldComesFromTheTable() {
        #expect(EventInputRules.maximumLength("componentText.text") == EventInputRules.maximumTextLength)
        #expect(EventInputRules.maximumLength("componentPlainText.plainText") == EventInputRules.maximumTextLength)
        #expect(EventInputRules.maximumLength("componentBadge.badgeLabel") == EventInputRules.maximumLabelLength)
        #expect(EventInputRules.maximumLength("componentLinkButton.linkButtonLabel") == EventInputRules.maximumLabelLength)
        #expect(EventInputRules.maximumLength("componentWorkflowButton.workflowButtonLabel") == EventInputRules.maximumLabelLength)
        #expect(EventInputRules.maximumLength("componentCopyButton.copyButtonTooltipLabel") == EventInputRules.maximumLabelLength)
        #expect(EventInputRules.maximumLength("componentCopyButton.copyButtonValue") == EventInputRules.maximumCopyValueLength)
        #expect(EventInputRules.maximumLength("componentText.txet") == 0, "a wrong path bounds every value, loudly")
        #expect(EventInputRules.maximumLength("componentDivider.dividerSpacingSize") == 0, "not a bounded text")
    }

    func native(_ json: String) throws -> EventInput {
        guard case .object(let object) = try JSONParser.parse(json) else { throw InputProblem(field: nil, message: "not an object") }
        return try NativeInputReader.event(from: object)
    }

    @Test func acceptsPlainsInputsIncludingDeprecatedNames() throws {
        let event = try native(
            #"""
            {"customerIdentifier":{"customerId":"c_1"},"title":"t","externalId":"x1","timestamp":"2024-01-01T00:00:00Z",
             "components":[{"componentText":{"text":"a","size":"S"}},{"componentSpacer":{"size":"M"}},
             {"componentRow":{"rowMainContent":[{"componentText":{"text":"m"}}],"rowAsideContent":[]}}]}
            """#
        )
        #expect(event.kind == .customer)
        #expect(event.externalId == "x1")
        #expect(event.input["externalId"] == nil)
        #expect(try native(#"{"threadId":"th","title":"t","components":[]}"#).kind == .thread)
    }

    @Test func refusesWhatPlainWouldRefuse() {
        let cases: [(String, String)] = [
            (#"{"customerIdentifier":{"emailAddress":"a"},"title":"t","components":[],"extra":1}"#, "extra"),
            (#"{"customerIdentifier":{"emailAddress":"a","customerId":"b"},"title":"t","components":[]}"#, "customerIdentifier"),
            (
                #"{"customerIdentifier":{"emailAddress":"a"},"title":"t","components":[{"componentBadge":{"badgeLabel":"x","badgeColor":"PINK"}}]}"#,
                "components[0].componentBadge.badgeColor"
            ),
            (
                #"{"customerIdentifier":{"emailAddress":"a"},"title":"t","components":[{"componentContainer":{}}]}"#,
                "components[0].componentContainer"
            ),
            (
                #"{"customerIdentifier":{"emailAddress":"a"},"title":"t","components":[{"componentRow":{"rowMainContent":[],"rowAsideContent":[]}}]}"#,
                "components[0].componentRow.rowMainContent"
            ),
            (
                #"{"customerIdentifier":{"emailAddress":"a"},"title":"t","components":[{"componentRow":{"rowMainContent":[{"componentRow":{}}],"rowAsideContent":[]}}]}"#,
                "components[0].componentRow.rowMainContent[0].componentRow"
            ),
            (
                #"{"customerIdentifier":{"emailAddress":"a"},"title":"t","components":[{"componentLinkButton":{"linkButtonLabel":"a","linkButtonUrl":"not a url"}}]}"#,
                "components[0].componentLinkButton.linkButtonUrl"
            ),
            (
                #"{"customerIdentifier":{"emailAddress":"a"},"title":"t","components":[{"componentCopyButton":{"copyButtonValue":"\#(String(repeating: "x", count: 1001))"}}]}"#,
                "components[0].componentCopyButton.copyButtonValue"
            ),
            (#"{"customerIdentifier":{"emailAddress":"a"},"components":[]}"#, "title"),
            (#"{"customerIdentifier":{"emailAddress":"a"},"title":"t","components":[],"timestamp":"1730140200"}"#, "timestamp"),
            (#"{"threadId":"t","customerIdentifier":{"emailAddress":"a"},"title":"t","components":[]}"#, ""),
        ]
        for (json, field) in cases {
            do {
                _ = try native(json)
                Issue.record("accepted \(json)")
            } catch let error as InputProblem {
                #expect((error.field ?? "") == field, "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func lengthsCountUTF16CodeUnits() {
        // 5,000 emoji are 10,000 UTF-16 code units: the limit exactly. One more character is over.
        let emoji = String(repeating: "😀", count: 5_000)
        let ok = JSONObject([
            "threadId": "t", "title": "t",
            "components": .array([.object(JSONObject(["componentText": .object(JSONObject(["text": .string(emoji)]))]))]),
        ])
        #expect(EventInputRules.problem(in: ok, kind: .thread) == nil)
        let over = JSONObject([
            "threadId": "t", "title": "t",
            "components": .array([.object(JSONObject(["componentText": .object(JSONObject(["text": .string(emoji + "a")]))]))]),
        ])
        #expect(EventInputRules.problem(in: over, kind: .thread)?.isLimit == true)
    }
}

/// The URL rule, byte by byte, agrees with what it promised before it was made fast.
@Test func urlRule() {
    for valid in ["https://example.com", "HTTP://Example.com/a?b#c", "https://exämple.com/ü", "http://a"] {
        #expect(EventInputRules.isValidURL(valid), "\(valid)")
    }
    for invalid in [
        "ftp://example.com", "https://", "https://:80", "https://@x", "https://a.example/ x", "https://a.example/\u{00A0}x",
        "https://a.example/<script>", "https://a.example/\"", "example.com", "https:/x", "javascript:alert(1)",
    ] {
        #expect(!EventInputRules.isValidURL(invalid), "\(invalid)")
    }
}
