/// What `status` shows for one source.
public struct SourceStatus: Sendable, Hashable {
    public let source: JournalSource
    public let counts: StatusCounts
    public let lastRun: String?
}
