import Crypto

/// The text of a failed or invalid record as the journal keeps it (for `failures`): the record
/// as read, as JSON, when it is at most `limit` bytes; otherwise a JSON object standing for it,
/// `{"truncated":true,"bytes":N,"sha256":"…","start":"…"}`, with the size and SHA-256 of the
/// full text and its first `startBytes` bytes. So the journal, `failures` and `preview` stay
/// small however large the records of an input are.
public enum StoredRecordText {
    /// The longest record text kept whole, in UTF-8 bytes.
    public static let limit = 16 * 1024
    /// How much of a longer text is kept, in UTF-8 bytes (cut on a character boundary).
    public static let startBytes = 1024

    /// The record `value` as JSON text, or the object that stands for it when the text is longer
    /// than `limit`.
    public static func text(of value: JSONValue) -> String { bounded(JSONWriter.string(value)) }

    /// `value`, or the object that stands for it when its JSON text is longer than `limit`.
    public static func value(of value: JSONValue) -> JSONValue {
        let text = JSONWriter.string(value)
        return text.utf8.count > limit ? .object(standIn(for: text)) : value
    }

    /// `text`, or the object that stands for it when it is longer than `limit`.
    public static func bounded(_ text: String) -> String {
        text.utf8.count > limit ? JSONWriter.string(.object(standIn(for: text))) : text
    }

    /// SHA-256 of the text's UTF-8, without copying it.
    private static func digest(of text: String) -> SHA256.Digest {
        var hasher = SHA256()
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize()
    }

    private static func standIn(for text: String) -> JSONObject {
        let utf8 = text.utf8
        var start = String(decoding: utf8.prefix(startBytes), as: UTF8.self)
        // A character cut in two decodes to U+FFFD at the end: drop it.
        while start.last == "\u{FFFD}" { start.removeLast() }
        return JSONObject([
            "truncated": .bool(true),
            "bytes": .number(String(utf8.count)),
            "sha256": .string(hexString(digest(of: text))),
            "start": .string(start),
        ])
    }
}
