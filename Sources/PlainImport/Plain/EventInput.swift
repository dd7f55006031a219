import Crypto

/// One event ready for Plain: the mutation it goes through, its input object (exactly as the
/// schema's `CreateCustomerEventInput` / `CreateThreadEventInput`, without `externalId`) and the
/// externalId that makes sending it idempotent.
///
/// The input is held once, as the JSON that is sent (`inputJSON`): the mapping engine's bytes as
/// it wrote them, or what `JSONWriter` writes of an input built as a tree. `input` reads it back
/// when a tree is wanted (preview, checks); sending never does.
public struct EventInput: Sendable, Hashable {
    public let kind: EventKind
    /// The input object's JSON, without `externalId`: byte for byte what is sent, the
    /// externalId spliced in before its closing brace.
    public let inputJSON: [UInt8]
    /// The externalId sent with the event: the mapping's or record's own, else derived.
    public let externalId: String
    /// What must exist in Plain before it is sent; nil: nothing.
    public let prerequisite: Prerequisite?
    /// The customer the input names (`customerIdentifier`); nil when it names a thread.
    public let customer: CustomerIdentifier?
    /// The thread the input names (`threadId`); nil when it names a customer, or its thread is
    /// still to be looked up.
    public let threadId: String?
    /// The externalId the mapping or record gave, if any.
    private let givenExternalId: String?

    /// An event of `input` whose externalId is `externalId`, or the derived one when it is nil
    /// (an `externalId` member of `input` is not part of the input).
    public init(kind: EventKind, input: JSONObject, externalId: String?, prerequisite: Prerequisite? = nil) {
        var bare = input
        bare["externalId"] = nil
        self.kind = kind
        self.inputJSON = JSONWriter.bytes(.object(bare))
        self.givenExternalId = externalId
        self.externalId = externalId ?? Self.derivedExternalId(kind: kind, input: bare)
        self.prerequisite = prerequisite
        self.customer = bare["customerIdentifier"]?.objectValue.flatMap(CustomerIdentifier.init(json:))
        self.threadId = bare["threadId"]?.stringValue
    }

    /// An event whose input the mapping engine wrote as `rendered` (a JSON object without
    /// `externalId`), naming `customer` or `threadId` as it wrote them.
    init(
        kind: EventKind,
        rendered: [UInt8],
        externalId: String?,
        prerequisite: Prerequisite?,
        customer: CustomerIdentifier?,
        threadId: String?
    ) {
        self.kind = kind
        self.inputJSON = rendered
        self.givenExternalId = externalId
        self.prerequisite = prerequisite
        self.customer = customer
        self.threadId = threadId
        self.externalId = externalId ?? Self.derivedExternalId(kind: kind, input: Self.object(of: rendered))
    }

    /// The input object, read back from `inputJSON` (without `externalId`).
    public var input: JSONObject { Self.object(of: inputJSON) }

    /// The object `json` holds. `inputJSON` is always an object written by `JSONWriter` or the
    /// mapping engine (whose bytes the tests hold to `JSONWriter`'s), so it always reads back.
    private static func object(of json: [UInt8]) -> JSONObject {
        let value = json.withUnsafeBufferPointer { bytes in try? JSONParser.parse(bytes) }
        return value?.objectValue ?? JSONObject()
    }

    /// Events are equal by what is sent.
    public static func == (left: EventInput, right: EventInput) -> Bool {
        left.kind == right.kind && left.inputJSON == right.inputJSON && left.externalId == right.externalId
            && left.prerequisite == right.prerequisite && left.givenExternalId == right.givenExternalId
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(inputJSON)
        hasher.combine(externalId)
        hasher.combine(prerequisite)
    }

    /// The `variables` of the create mutation, `{"input": {… "externalId": …}}`, as JSON:
    /// `inputJSON` with the externalId spliced in.
    var variablesJSON: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(inputJSON.count + externalId.utf8.count + 32)
        output.append(contentsOf: #"{"input":"#.utf8)
        output.append(contentsOf: inputJSON.dropLast())
        output.append(contentsOf: (inputJSON.count > 2 ? #","externalId":"# : #""externalId":"#).utf8)
        var id = externalId
        id.withUTF8 { JSONWriter.appendString($0, to: &output) }
        output.append(contentsOf: "}}".utf8)
        return output
    }

    /// Whether its thread is still to be looked up: its input has no `threadId` yet and its
    /// derived externalId is not yet the one that will be sent.
    public var awaitsThread: Bool {
        if case .thread = prerequisite { return threadId == nil }
        return false
    }

    /// The event sent to the thread Plain knows as `threadId`; a derived externalId is derived
    /// again over the input as sent (SPEC §9).
    public func onThread(_ threadId: String) -> EventInput {
        var resolved = input
        resolved["threadId"] = .string(threadId)
        return EventInput(kind: kind, input: resolved, externalId: givenExternalId, prerequisite: prerequisite)
    }

    /// The input object as sent, with `externalId`.
    public var inputWithExternalId: JSONObject {
        var object = input
        object["externalId"] = .string(externalId)
        return object
    }

    /// The frozen recipe of SPEC §7.8: `pi_` and the first 32 lowercase hex digits of the
    /// SHA-256 of the RFC 8785 canonical JSON of `{"kind": kind, "input": input}`.
    /// Changing its output would make every past import send everything again.
    public static func derivedExternalId(kind: EventKind, input: JSONObject) -> String {
        var bare = input
        bare["externalId"] = nil
        // The canonical JSON of {"kind": kind, "input": bare}, whose names sort "input" first,
        // written without building the envelope.
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical.append(contentsOf: #"{"input":"#.utf8)
        JSONWriter.write(bare, canonical: true, into: &canonical)
        canonical.append(contentsOf: #","kind":"#.utf8)
        var kindName = kind.rawValue
        kindName.withUTF8 { JSONWriter.appendString($0, to: &canonical) }
        canonical.append(UInt8(ascii: "}"))
        let digest = SHA256.hash(data: canonical)
        return "pi_" + hexString(digest.prefix(16))
    }
}
