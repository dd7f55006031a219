import Testing

@testable import PlainImport

@Suite struct JSONTests {
    @Test func parsesAndKeepsOrderAndLiterals() throws {
        let value = try JSONParser.parse(#"{"z":1.50,"a":"\u00e9\ud83d\ude00\n","m":[false,null,-0.0e+2]}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["z", "a", "m"])
        #expect(object["z"] == .number("1.50"))
        #expect(object["a"] == .string("é😀\n"))
        #expect(JSONWriter.string(value) == #"{"z":1.50,"a":"é😀\n","m":[false,null,-0.0e+2]}"#)
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1,]", "01", "\"\u{01}\"", "{\"a\":1} x", "tru", "\"\\ud800\""])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func canonicalFormFollowsRFC8785() throws {
        let value = try JSONParser.parse(#"{"b":[1.0,1e21,1e-7,0.000001,123456789012345680000,-0.0,3.14],"a":"\u001f\"\\/","é":1,"€":2,"😀":3}"#)
        #expect(
            JSONWriter.string(value, canonical: true)
                == #"{"a":"\u001f\"\\/","b":[1,1e+21,1e-7,0.000001,123456789012345680000,0,3.14],"é":1,"€":2,"😀":3}"#
        )
    }

    @Test func derivedExternalIdIsFrozen() {
        // These values must never change: a change would make every past import send everything again.
        let input = JSONObject([
            "customerIdentifier": .object(JSONObject(["emailAddress": "ada@example.com"])),
            "title": "Order paid",
            "components": .array([.object(JSONObject(["componentText": .object(JSONObject(["text": "Paid **42** GBP"]))]))]),
            "timestamp": "2024-10-28T18:30:00Z",
        ])
        let id = EventInput.derivedExternalId(kind: .customer, input: input)
        #expect(id.count == 35 && id.hasPrefix("pi_"))
        #expect(id == EventInput.derivedExternalId(kind: .customer, input: input))
        #expect(id != EventInput.derivedExternalId(kind: .thread, input: input))
        var reordered = JSONObject()
        for member in input.members.reversed() { reordered[member.key] = member.value }
        #expect(EventInput.derivedExternalId(kind: .customer, input: reordered) == id, "member order must not matter")
        var withExternalId = input
        withExternalId["externalId"] = "ignored"
        #expect(EventInput.derivedExternalId(kind: .customer, input: withExternalId) == id)
        #expect(id == Self.frozenId)
    }

    /// SHA-256 of `{"input":{"components":[{"componentText":{"text":"Paid **42** GBP"}}],"customerIdentifier":{"emailAddress":"ada@example.com"},"timestamp":"2024-10-28T18:30:00Z","title":"Order paid"},"kind":"customer"}`,
    /// computed independently with Python's hashlib.
    static let frozenId = "pi_56b6e1b55b17b60d1c721871c8eee70b"
}

/// Duplicate member names are refused in small objects and in large ones alike (the parser
/// switches from comparing names to a set past 16 members).
@Test func duplicateNamesAreRefusedInObjectsOfAnySize() throws {
    let names = (1...40).map { "\"k\($0)\":\($0)" }
    let distinct = "{" + names.joined(separator: ",") + "}"
    #expect(try JSONParser.parse(distinct).objectValue?.count == 40)
    for repeatAt in [3, 17, 40] {
        let text = "{" + (names + ["\"k\(repeatAt - 1)\":0"]).joined(separator: ",") + "}"
        #expect(throws: (any Error).self, "a repeat of k\(repeatAt - 1)") { try JSONParser.parse(text) }
    }
    #expect(throws: (any Error).self) { try JSONParser.parse(#"{"a":1,"a":2}"#) }
}

/// Names are compared as bytes while they are ASCII: the order must stay RFC 8785's (UTF-16 code
/// units) for every pair, non-ASCII and astral characters included.
@Test func canonicalNameOrderIsUTF16Order() {
    let alphabet = ["a", "b", "A", "~", "\u{7f}", "é", "\u{ff61}", "\u{e000}", "😀", "\u{10ffff}", ""]
    var generator = SeededGenerator()
    for _ in 0..<5_000 {
        func name() -> String {
            (0..<Int.random(in: 0...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
        }
        let (left, right) = (name(), name())
        #expect(JSONWriter.precedes(left, right) == left.utf16.lexicographicallyPrecedes(right.utf16), "\(left) vs \(right) (\(generator.replay))")
    }
}

/// The body written straight to bytes is the JSON text of the body as a value, for every kind of
/// operation plain-import sends.
@Test func requestBodiesAreWrittenAsTheirJSONText() throws {
    let customer = JSONObject([
        "customerIdentifier": .object(JSONObject(["emailAddress": "ada@example.com"])),
        "title": "Quote \" and \\ and \u{1} and é",
        "components": .array([.object(JSONObject(["componentText": .object(JSONObject(["text": "Paid"]))]))]),
    ])
    let operations = [
        GraphQLDocuments.create(EventInput(kind: .customer, input: customer, externalId: nil)),
        GraphQLDocuments.create(
            EventInput(kind: .thread, input: JSONObject(["threadId": "th_1", "title": "t", "components": .array([])]), externalId: "x-1")
        ),
    ]
    for operation in operations {
        #expect(operation.bodyBytes == JSONWriter.bytes(operation.body))
    }
}
