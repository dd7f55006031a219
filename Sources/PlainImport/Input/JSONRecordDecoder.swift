/// What the bytes of one JSON record (an NDJSON line, a JSON-array element) hold: the one
/// decoding both readers share, so a record reads alike whichever way the file holds it.
enum JSONRecordDecoder {
    /// A record's bytes, decoded.
    enum Decoded {
        case object(JSONObject)
        /// Not a record on its own: invalid text, or JSON that is not an object or names a
        /// member twice (`reason` says which).
        case broken(reason: String)
        /// Not JSON at all: the parser's failure (the NDJSON reader goes on at the next line,
        /// the JSON-array reader cannot find the next element).
        case notJSON(JSONParser.Failure)
    }

    /// Decodes `text`, one `unit` ("line", "element") of a file in `encoding` (its text already
    /// UTF-8). `invalidText` is told where the first byte that is not UTF-8 lies, for the
    /// encoding hint.
    static func decode(_ text: [UInt8], unit: String, encoding: TextEncoding, invalidText: (Int) -> Void) -> Decoded {
        // ASCII (most records) needs no decoding to be known valid.
        if let position = UTF8Validation.firstInvalidByteUnlessASCII(in: text) {
            invalidText(position)
            return .broken(reason: "invalid \(encoding.displayName) at byte \(position + 1) of the \(unit)")
        }
        do {
            let value = try text.withUnsafeBufferPointer { buffer throws(JSONParser.Failure) in try JSONParser.parse(buffer) }
            guard case .object(let object) = value else { return .broken(reason: "the \(unit) is a JSON \(value.typeName), not an object") }
            return .object(object)
        } catch  where error.kind == .duplicateName {
            return .broken(reason: "invalid JSON: \(error)")
        } catch {
            return .notJSON(error)
        }
    }
}
