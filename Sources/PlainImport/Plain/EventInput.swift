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

    /// An event whose externalId is `externalId`, or the derived one when it is nil.
    public init(kind: EventKind, input: JSONObject, externalId: String?) {
        var bare = input
        bare["externalId"] = nil
        self.kind = kind
        self.input = bare
        self.externalId = externalId ?? Self.derivedExternalId(kind: kind, input: bare)
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
        let envelope = JSONValue.object(JSONObject(["kind": .string(kind.rawValue), "input": .object(bare)]))
        let digest = SHA256.hash(data: JSONWriter.bytes(envelope, canonical: true))
        return "pi_" + hexString(digest.prefix(16))
    }
}
