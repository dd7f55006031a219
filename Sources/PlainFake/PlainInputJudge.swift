import Foundation
import PlainImport

/// How the stand-in judges an event input: written from Plain's published schema and documented
/// limits, apart from the importer's own rules (`EventInputRules`), so that a mistake in those
/// rules shows as a refusal here instead of being agreed with.
///
/// A shape the schema does not allow (an unknown field, a missing required one, a wrong type,
/// an enum value it does not list) is refused as GraphQL would, before the mutation runs; a
/// documented limit broken is the mutation's own VALIDATION error.
struct PlainInputJudge {
    /// What is wrong with an input.
    struct Refusal: Error {
        /// The field's path, `components[0].componentText.text`.
        let path: String
        let message: String
        /// A documented limit (the mutation refuses) rather than a shape (GraphQL refuses).
        let isLimit: Bool
    }

    private enum Shape {
        case string(required: Bool, limit: ClosedRange<Int>?)
        case enumeration([String], required: Bool)
        case object([String: Shape], required: Bool, oneOf: Bool)
        case list(of: [String: Shape], required: Bool)
        case url(required: Bool)
    }

    private static let sizes = ["S", "M", "L"]
    private static let spacings = ["XS", "S", "M", "L", "XL"]
    private static let colors = ["NORMAL", "MUTED", "SUCCESS", "WARNING", "ERROR"]

    /// The members of `ComponentRowContentInput` (every component but a row).
    private static let leaves: [String: Shape] = [
        "componentText": .object(
            [
                "text": .string(required: true, limit: 1...10_000),
                "textSize": .enumeration(sizes, required: false), "textColor": .enumeration(colors, required: false),
                // Deprecated by Plain, still accepted.
                "size": .enumeration(sizes, required: false), "color": .enumeration(colors, required: false),
            ],
            required: false,
            oneOf: false
        ),
        "componentPlainText": .object(
            [
                "plainText": .string(required: true, limit: 1...10_000),
                "plainTextSize": .enumeration(sizes, required: false), "plainTextColor": .enumeration(colors, required: false),
            ],
            required: false,
            oneOf: false
        ),
        "componentDivider": .object(
            ["dividerSpacingSize": .enumeration(spacings, required: false), "spacingSize": .enumeration(spacings, required: false)],
            required: false,
            oneOf: false
        ),
        "componentSpacer": .object(
            ["spacerSize": .enumeration(spacings, required: false), "size": .enumeration(spacings, required: false)],
            required: false,
            oneOf: false
        ),
        // Every member optional, as the schema has them; `url` and `label` are deprecated.
        "componentLinkButton": .object(
            [
                "linkButtonLabel": .string(required: false, limit: 1...500), "linkButtonUrl": .url(required: false),
                "label": .string(required: false, limit: 1...500), "url": .url(required: false),
            ],
            required: false,
            oneOf: false
        ),
        "componentWorkflowButton": .object(
            [
                "workflowButtonLabel": .string(required: true, limit: 1...500),
                "workflowButtonWorkflowIdentifier": .object(
                    ["workflowId": .string(required: false, limit: nil), "workflowKey": .string(required: false, limit: nil)],
                    required: true,
                    oneOf: true
                ),
            ],
            required: false,
            oneOf: false
        ),
        "componentBadge": .object(
            [
                "badgeLabel": .string(required: true, limit: 1...500),
                "badgeColor": .enumeration(["GREY", "GREEN", "YELLOW", "RED", "BLUE"], required: false),
            ],
            required: false,
            oneOf: false
        ),
        "componentCopyButton": .object(
            ["copyButtonValue": .string(required: true, limit: 1...1_000), "copyButtonTooltipLabel": .string(required: false, limit: 0...500)],
            required: false,
            oneOf: false
        ),
        "componentDateTime": .object(["dateTimeIso8601": .string(required: true, limit: nil)], required: false, oneOf: false),
        "componentUser": .object(
            [
                "userIdentifier": .object(
                    ["userId": .string(required: false, limit: nil), "emailAddress": .string(required: false, limit: nil)],
                    required: true,
                    oneOf: true
                )
            ],
            required: false,
            oneOf: false
        ),
    ]

    private static let components: [String: Shape] = {
        var all = leaves
        all["componentRow"] = .object(
            ["rowMainContent": .list(of: leaves, required: true), "rowAsideContent": .list(of: leaves, required: true)],
            required: false,
            oneOf: false
        )
        return all
    }()

    private static func event(_ kind: EventKind) -> [String: Shape] {
        var fields: [String: Shape] = [
            "title": .string(required: true, limit: 1...Int.max), "components": .list(of: components, required: true),
            "externalId": .string(required: false, limit: nil), "timestamp": .string(required: false, limit: nil),
        ]
        switch kind {
        case .customer:
            fields["customerIdentifier"] = .object(
                [
                    "externalId": .string(required: false, limit: nil), "emailAddress": .string(required: false, limit: nil),
                    "customerId": .string(required: false, limit: nil),
                ],
                required: true,
                oneOf: true
            )
        case .thread:
            fields["threadId"] = .string(required: true, limit: nil)
        }
        return fields
    }

    /// The first thing Plain would refuse in `input` for an event of `kind`, or nil.
    static func refusal(of input: JSONObject, kind: EventKind) -> Refusal? {
        check(.object(input), .object(event(kind), required: true, oneOf: false), path: "")
    }

    private static func check(_ value: JSONValue?, _ shape: Shape, path: String) -> Refusal? {
        func shapeError(_ message: String) -> Refusal { Refusal(path: path, message: message, isLimit: false) }
        func join(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        switch shape {
        case .string(let required, let limit):
            guard let value, !value.isNull else { return required ? shapeError("is required") : nil }
            guard let text = value.stringValue else { return shapeError("is not a string") }
            if let limit, !limit.contains(text.utf16.count) {
                let message =
                    limit.upperBound == Int.max ? "must not be empty" : "must be \(limit.lowerBound) to \(limit.upperBound) characters long"
                return Refusal(path: path, message: message, isLimit: true)
            }
            return nil
        case .url(let required):
            guard let value, !value.isNull else { return required ? shapeError("is required") : nil }
            guard let text = value.stringValue else { return shapeError("is not a string") }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false,
                !text.contains(where: { $0.isWhitespace })
            else { return Refusal(path: path, message: "must be a valid URL", isLimit: true) }
            return nil
        case .enumeration(let values, let required):
            guard let value, !value.isNull else { return required ? shapeError("is required") : nil }
            guard let text = value.stringValue, values.contains(text) else { return shapeError("is not one of \(values.joined(separator: ", "))") }
            return nil
        case .object(let fields, let required, let oneOf):
            guard let value, !value.isNull else { return required ? shapeError("is required") : nil }
            guard let object = value.objectValue else { return shapeError("is not an object") }
            for member in object where fields[member.key] == nil {
                return Refusal(path: join(member.key), message: "is not a field of the input", isLimit: false)
            }
            if oneOf && object.members.filter({ !$0.value.isNull }).count != 1 {
                return Refusal(path: path, message: "must hold exactly one of \(fields.keys.sorted().joined(separator: ", "))", isLimit: true)
            }
            for name in fields.keys.sorted() {
                guard let field = fields[name] else { continue }
                if let refusal = check(object[name], field, path: join(name)) { return refusal }
            }
            return nil
        case .list(let members, let required):
            guard let value, !value.isNull else { return required ? shapeError("is required") : nil }
            guard let items = value.arrayValue else { return shapeError("is not a list") }
            if path.hasSuffix("rowMainContent") && items.isEmpty {
                return Refusal(path: path, message: "needs at least one item", isLimit: true)
            }
            for (index, item) in items.enumerated() {
                let place = "\(path)[\(index)]"
                guard let object = item.objectValue else { return Refusal(path: place, message: "is not an object", isLimit: false) }
                if object.members.count != 1 {
                    return Refusal(path: place, message: "must hold exactly one component", isLimit: true)
                }
                if let refusal = check(item, .object(members, required: true, oneOf: false), path: place) { return refusal }
            }
            return nil
        }
    }
}
