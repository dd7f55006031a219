/// What became of one event after the uploader was done with it.
public enum Delivery: Sendable {
    /// Plain created it now.
    case created(plainId: String)
    /// Plain already had its externalId: imported before.
    case duplicate
    /// Plain refused it; not retried.
    case failed(PlainFailure)
    /// Not settled: out of attempts, or the run stopped. A later run sends it again.
    case pending(PlainFailure?)
    /// Not settled, and the run must stop (`Uploader.Outcome.stopsRun`). A later run sends it again.
    case stopsRun(UploadStop)
}
