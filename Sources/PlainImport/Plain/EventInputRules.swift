/// The shape and documented limits of Plain's event inputs (SPEC §2), as checks.
///
/// It accepts exactly what `CreateCustomerEventInput` / `CreateThreadEventInput` accept:
/// unknown fields, wrong types and enum values, a missing required field, anything but exactly
/// one customer identifier, and broken limits are problems. Lengths count UTF-16 code units
/// (SPEC §7.7).
public enum EventInputRules {
    /// Longest text / plain text.
    public static let maximumTextLength = 10_000
    /// Longest label.
    public static let maximumLabelLength = 500
    /// Longest copy-button value.
    public static let maximumCopyValueLength = 1_000

    /// The most UTF-16 units Plain takes in the component field at `path`
    /// (`"componentText.text"`), read from the table that judges every input, so that the
    /// mapping engine's checks and these rules name one limit per field. 0 for a path the table
    /// does not bound: every value then breaks the limit, so a wrong path cannot go unnoticed.
    public static func maximumLength(_ path: String) -> Int {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, case .members(let members, _)? = leafComponents[parts[0]]?.kind,
            let field = members.ordered.first(where: { $0.name == parts[1] })?.field,
            case .string(_, let maximum?) = field.kind
        else { return 0 }
        return maximum
    }

    indirect enum Kind: Sendable {
        case string(minimum: Int, maximum: Int?)
        case url
        case id
        case enumeration(Set<String>)
        case members(Members, exactlyOne: Bool)
        case list(Kind, minimum: Int)

        /// An object with these fields (checked in name order, so the first problem is stable).
        static func object(_ fields: [String: Field], exactlyOne: Bool) -> Kind {
            .members(Members(fields), exactlyOne: exactlyOne)
        }
    }

    /// An object's fields in name order (sorted once, not per record).
    struct Members: Sendable {
        let ordered: [(name: String, field: Field)]
        let namesText: String

        init(_ fields: [String: Field]) {
            ordered = fields.sorted { $0.key < $1.key }.map { (name: $0.key, field: $0.value) }
            namesText = ordered.map(\.name).joined(separator: ", ")
        }
    }

    struct Field: Sendable {
        let kind: Kind
        let required: Bool
        init(_ kind: Kind, required: Bool = false) {
            self.kind = kind
            self.required = required
        }
    }

    /// Plain's enum values, by the mapping's name for them.
    public enum Enumerations {
        public static let textSize: Set<String> = ["S", "M", "L"]
        public static let textColor: Set<String> = ["NORMAL", "MUTED", "SUCCESS", "WARNING", "ERROR"]
        public static let spacing: Set<String> = ["XS", "S", "M", "L", "XL"]
        public static let badgeColor: Set<String> = ["GREY", "GREEN", "YELLOW", "RED", "BLUE"]
    }

    private static let text = Kind.string(minimum: 1, maximum: maximumTextLength)
    private static let label = Kind.string(minimum: 1, maximum: maximumLabelLength)
    private static let anyString = Kind.string(minimum: 0, maximum: nil)

    private static let leafComponents: [String: Field] = [
        "componentText": Field(
            .object(
                [
                    "text": Field(text, required: true),
                    "textSize": Field(.enumeration(Enumerations.textSize)),
                    "textColor": Field(.enumeration(Enumerations.textColor)),
                    "size": Field(.enumeration(Enumerations.textSize)),
                    "color": Field(.enumeration(Enumerations.textColor)),
                ],
                exactlyOne: false
            )
        ),
        "componentPlainText": Field(
            .object(
                [
                    "plainText": Field(text, required: true),
                    "plainTextSize": Field(.enumeration(Enumerations.textSize)),
                    "plainTextColor": Field(.enumeration(Enumerations.textColor)),
                ],
                exactlyOne: false
            )
        ),
        "componentDivider": Field(
            .object(
                [
                    "dividerSpacingSize": Field(.enumeration(Enumerations.spacing)),
                    "spacingSize": Field(.enumeration(Enumerations.spacing)),
                ],
                exactlyOne: false
            )
        ),
        "componentLinkButton": Field(
            .object(
                [
                    "linkButtonUrl": Field(.url),
                    "linkButtonLabel": Field(label),
                    "url": Field(.url),
                    "label": Field(label),
                ],
                exactlyOne: false
            )
        ),
        "componentWorkflowButton": Field(
            .object(
                [
                    "workflowButtonWorkflowIdentifier": Field(
                        .object(
                            [
                                "workflowId": Field(.id),
                                "workflowKey": Field(anyString),
                            ],
                            exactlyOne: true
                        ),
                        required: true
                    ),
                    "workflowButtonLabel": Field(label, required: true),
                ],
                exactlyOne: false
            )
        ),
        "componentSpacer": Field(
            .object(
                [
                    "spacerSize": Field(.enumeration(Enumerations.spacing)),
                    "size": Field(.enumeration(Enumerations.spacing)),
                ],
                exactlyOne: false
            )
        ),
        "componentBadge": Field(
            .object(
                [
                    "badgeLabel": Field(label, required: true),
                    "badgeColor": Field(.enumeration(Enumerations.badgeColor)),
                ],
                exactlyOne: false
            )
        ),
        "componentCopyButton": Field(
            .object(
                [
                    "copyButtonValue": Field(.string(minimum: 1, maximum: maximumCopyValueLength), required: true),
                    "copyButtonTooltipLabel": Field(.string(minimum: 0, maximum: maximumLabelLength)),
                ],
                exactlyOne: false
            )
        ),
        "componentDateTime": Field(
            .object(
                [
                    "dateTimeIso8601": Field(.string(minimum: 1, maximum: nil), required: true)
                ],
                exactlyOne: false
            )
        ),
        "componentUser": Field(
            .object(
                [
                    "userIdentifier": Field(
                        .object(
                            [
                                "userId": Field(.id),
                                "emailAddress": Field(.string(minimum: 1, maximum: nil)),
                            ],
                            exactlyOne: true
                        ),
                        required: true
                    )
                ],
                exactlyOne: false
            )
        ),
    ]

    private static let eventComponent: Kind = {
        var members = leafComponents
        members["componentRow"] = Field(
            .object(
                [
                    "rowMainContent": Field(.list(.object(leafComponents, exactlyOne: true), minimum: 1), required: true),
                    "rowAsideContent": Field(.list(.object(leafComponents, exactlyOne: true), minimum: 0), required: true),
                ],
                exactlyOne: false
            )
        )
        return .object(members, exactlyOne: true)
    }()

    private static let customerInput: [String: Field] = [
        "customerIdentifier": Field(
            .object(
                [
                    "externalId": Field(.id),
                    "emailAddress": Field(.string(minimum: 1, maximum: nil)),
                    "customerId": Field(.id),
                ],
                exactlyOne: true
            ),
            required: true
        ),
        "externalId": Field(.id),
        "title": Field(.string(minimum: 1, maximum: nil), required: true),
        "components": Field(.list(eventComponent, minimum: 0), required: true),
        "timestamp": Field(.string(minimum: 1, maximum: nil)),
    ]

    private static let threadInput: [String: Field] = {
        var members = customerInput
        members["customerIdentifier"] = nil
        members["threadId"] = Field(.id, required: true)
        return members
    }()

    private static let customerKind = Kind.object(customerInput, exactlyOne: false)
    private static let threadKind = Kind.object(threadInput, exactlyOne: false)

    /// The first problem of `input` as the input of `kind`, or nil when Plain would accept it.
    public static func problem(in input: JSONObject, kind: EventKind) -> InputProblem? {
        if let problem = check(.object(input), against: kind == .customer ? customerKind : threadKind) { return problem }
        if case .string(let timestamp)? = input["timestamp"], !TimestampParser.isISO8601(timestamp) {
            return InputProblem(field: "timestamp", message: "must be an ISO 8601 date-time, got \"\(timestamp)\"")
        }
        return nil
    }

    /// `problem` found inside `head` (a member name or `[n]`), with its field path made whole.
    /// Paths are built only for a problem found, never for the fields that pass.
    private static func within(_ head: String, _ problem: InputProblem) -> InputProblem { problem.within(head) }

    /// The first problem of `value` as `kind`; its field is relative to `value` (nil: `value` itself).
    private static func check(_ value: JSONValue, against kind: Kind) -> InputProblem? {
        switch kind {
        case .string(let minimum, let maximum):
            guard case .string(let text) = value else {
                return InputProblem(field: nil, message: "must be a string, got \(value.typeName)")
            }
            let length = text.utf16.count
            if length < minimum {
                return InputProblem(
                    field: nil,
                    message: minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters",
                    isLimit: true
                )
            }
            if let maximum, length > maximum {
                return InputProblem(field: nil, message: "is \(length) characters long; Plain allows at most \(maximum)", isLimit: true)
            }
            return nil
        case .url:
            guard case .string(let text) = value else {
                return InputProblem(field: nil, message: "must be a string, got \(value.typeName)")
            }
            return isValidURL(text) ? nil : InputProblem(field: nil, message: "is not a valid URL: \"\(text)\"", isLimit: true)
        case .id:
            guard case .string(let text) = value, !text.isEmpty else {
                return InputProblem(field: nil, message: "must be a non-empty string")
            }
            return nil
        case .enumeration(let allowed):
            guard case .string(let text) = value, allowed.contains(text) else {
                let shown = value.stringValue.map { "\"\($0)\"" } ?? value.typeName
                return InputProblem(field: nil, message: "must be one of \(allowed.sorted().joined(separator: ", ")), got \(shown)")
            }
            return nil
        case .list(let element, let minimum):
            guard case .array(let elements) = value else {
                return InputProblem(field: nil, message: "must be a list, got \(value.typeName)")
            }
            if elements.count < minimum {
                return InputProblem(field: nil, message: "needs at least \(minimum) item")
            }
            for (position, item) in elements.enumerated() {
                if let problem = check(item, against: element) { return within("[\(position)]", problem) }
            }
            return nil
        case .members(let members, let exactlyOne):
            guard case .object(let object) = value else {
                return InputProblem(field: nil, message: "must be an object, got \(value.typeName)")
            }
            // Objects have a handful of fields: comparing names beats hashing them, and comparing
            // their lengths first spares most string comparisons.
            func same(_ left: String, _ right: String) -> Bool { left.utf8.count == right.utf8.count && left == right }
            for member in object where !members.ordered.contains(where: { same($0.name, member.key) }) {
                return InputProblem(field: member.key, message: "is not a field of this input")
            }
            if exactlyOne {
                var present = 0
                for member in object.members where !member.value.isNull { present += 1 }
                if present != 1 {
                    return InputProblem(field: nil, message: "needs exactly one of \(members.namesText); got \(present)")
                }
            }
            for (key, spec) in members.ordered {
                guard let child = object.members.first(where: { same($0.key, key) })?.value, !child.isNull else {
                    if spec.required { return InputProblem(field: key, message: "is required") }
                    continue
                }
                if let problem = check(child, against: spec.kind) { return within(key, problem) }
            }
            return nil
        }
    }

    /// Whether `text` is an absolute http(s) URL with a host and no spaces.
    public static func isValidURL(_ text: String) -> Bool { isValidURL(utf8: text.utf8) }

    /// Whether the UTF-8 `bytes` are an absolute http(s) URL with a host and no spaces.
    static func isValidURL(utf8 bytes: some Collection<UInt8>) -> Bool {
        func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        func hasScheme(_ scheme: StaticString) -> Bool {
            let count = scheme.utf8CodeUnitCount
            guard bytes.count >= count else { return false }
            return scheme.withUTF8Buffer { zip(bytes, $0).allSatisfy { lowercased($0) == $1 } }
        }
        let schemeLength: Int
        if hasScheme("https://") {
            schemeLength = 8
        } else if hasScheme("http://") {
            schemeLength = 7
        } else {
            return false
        }
        let rest = bytes.dropFirst(schemeLength)
        let host = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        guard let first = host.first, first != UInt8(ascii: ":"), first != UInt8(ascii: "@") else { return false }
        return !containsSpaceOrMarkup(bytes)
    }

    /// Whether the text holds whitespace, `<`, `>` or `"`: bytes for ASCII, Unicode properties only
    /// for the scalars beyond it (a URL is nearly always ASCII).
    private static func containsSpaceOrMarkup(_ bytes: some Collection<UInt8>) -> Bool {
        var sawNonASCII = false
        for byte in bytes {
            switch byte {
            case 0x09...0x0D, 0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""): return true
            case 0x80...: sawNonASCII = true
            default: continue
            }
        }
        return sawNonASCII && String(decoding: bytes, as: UTF8.self).unicodeScalars.contains { !$0.isASCII && $0.properties.isWhitespace }
    }
}
