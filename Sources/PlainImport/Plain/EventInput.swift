import Crypto

/// One event ready for Plain: the mutation it goes through, its input object (exactly as the
/// schema's `CreateCustomerEventInput` / `CreateThreadEventInput`, without `externalId`) and the
/// externalId that makes sending it idempotent.
public struct EventInput: Sendable, Hashable {
    public let kind: EventKind
    /// The input object without `externalId`.
    public let input: JSONObject
    /// The externalId sent with the event: the mapping's or record's own, else derived.
    public let externalId: String
    /// What must exist in Plain before it is sent; nil: nothing.
    public let prerequisite: Prerequisite?
    /// The externalId the mapping or record gave, if any.
    private let givenExternalId: String?
    /// The input object's JSON as the mapping engine wrote it (without `externalId`): byte for
    /// byte what `JSONWriter` writes of `input`, sent as it is. Nil when the input was built
    /// otherwise (native inputs, a thread's id filled in).
    let renderedInput: [UInt8]?

    /// An event whose externalId is `externalId`, or the derived one when it is nil.
    public init(kind: EventKind, input: JSONObject, externalId: String?, prerequisite: Prerequisite? = nil) {
        self.init(kind: kind, input: input, externalId: externalId, prerequisite: prerequisite, rendered: nil)
    }

    /// An event whose input the mapping engine wrote as `rendered` (the JSON of `input`, which
    /// holds no `externalId`).
    init(kind: EventKind, input: JSONObject, externalId: String?, prerequisite: Prerequisite?, rendered: [UInt8]?) {
        var bare = input
        bare["externalId"] = nil
        self.kind = kind
        self.input = bare
        self.givenExternalId = externalId
        self.externalId = externalId ?? Self.derivedExternalId(kind: kind, input: bare)
        self.prerequisite = prerequisite
        self.renderedInput = input["externalId"] == nil ? rendered : nil
    }

    /// Events are equal by what is sent, however their input was written.
    public static func == (left: EventInput, right: EventInput) -> Bool {
        left.kind == right.kind && left.input == right.input && left.externalId == right.externalId
            && left.prerequisite == right.prerequisite && left.givenExternalId == right.givenExternalId
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(input)
        hasher.combine(externalId)
        hasher.combine(prerequisite)
    }

    /// The `variables` of the create mutation, `{"input": {… "externalId": …}}`, as JSON: the
    /// engine's bytes with the externalId spliced in when it wrote them, else written from `input`.
    var variablesBytes: [UInt8] {
        var output: [UInt8] = []
        output.append(contentsOf: #"{"input":"#.utf8)
        if let rendered = renderedInput, rendered.last == UInt8(ascii: "}") {
            output.append(contentsOf: rendered.dropLast())
            output.append(contentsOf: (rendered.count > 2 ? #","externalId":"# : #""externalId":"#).utf8)
            var id = externalId
            id.withUTF8 { JSONWriter.appendString($0, to: &output) }
            output.append(contentsOf: "}}".utf8)
        } else {
            JSONWriter.write(inputWithExternalId, canonical: false, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        return output
    }

    /// Whether its thread is still to be looked up: its input has no `threadId` yet and its
    /// derived externalId is not yet the one that will be sent.
    public var awaitsThread: Bool {
        if case .thread = prerequisite { return input["threadId"] == nil }
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
