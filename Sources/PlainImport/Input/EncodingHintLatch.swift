/// Keeps the first `EncodingHint` a reader offers and hands it over once.
struct EncodingHintLatch {
    private var pending: EncodingHint?
    private var offered = false

    /// Keeps `hint` if it is the first one.
    mutating func offer(_ hint: EncodingHint) {
        guard !offered else { return }
        offered = true
        pending = hint
    }

    /// The first hint, once; nil afterwards and before there is one.
    mutating func take() -> EncodingHint? {
        defer { pending = nil }
        return pending
    }
}
