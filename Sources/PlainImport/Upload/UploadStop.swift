/// What the uploader found when Plain's answers mean that no request of the run can succeed
/// until a person acts (the key, a certificate, the endpoint) or Plain comes back (the give-up
/// budget spent). The uploader only says so, in its outcome; the run decides to stop
/// (`RunMonitor.stop(_:logger:)`), and every request still in flight then ends pending.
public struct UploadStop: Sendable, Hashable {
    /// Why the run would stop.
    public let reason: RunMonitor.StopReason
    /// The last failure, as Plain or the network gave it.
    public let failure: PlainFailure
    /// What happened, to say once when the run stops (nil: the run's final message says it).
    public let message: String?
    /// What would let a later run succeed.
    public let remedy: Remedy?

    /// A stop for `reason` after `failure`, said as `message` with `remedy`.
    public init(reason: RunMonitor.StopReason, failure: PlainFailure, message: String? = nil, remedy: Remedy? = nil) {
        self.reason = reason
        self.failure = failure
        self.message = message
        self.remedy = remedy
    }
}
