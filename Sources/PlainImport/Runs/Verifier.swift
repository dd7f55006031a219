import Logging

/// Reads back what the journal holds as in Plain (SPEC §10): for each record done or
/// duplicate, whether Plain's timeline of its customer (customer events) or thread (thread
/// events) has an entry with its externalId. One customer or thread at a time, paginated,
/// paced and retried as imports are. What is missing is kept in the journal for
/// `import --retry-missing`.
public struct Verifier: Sendable {
    /// What one source's records came to.
    public struct SourceResult: Sendable, Hashable {
        public let source: String
        public var checked = 0
        public var found = 0
        public var missing = 0
    }

    /// What the read-back found.
    public struct Report: Sendable {
        public var sources: [SourceResult] = []
        public var checked = 0
        public var found = 0
        /// Records in the journal as in Plain that Plain's timelines do not list.
        public var missing: [VerifiableRecord] = []
        /// Records not checked: their customer or thread could not be found, or the run stopped.
        public var unchecked = 0
        public var requests = 0
        public var stopReason: RunMonitor.StopReason?
        public var authenticationFailure: PlainFailure?
        /// The untrusted certificate that stopped the check (SPEC §12.17).
        public var certificateFailure: PlainFailure?

        /// The read-back's outcome, for every command that shows one: complete only when every
        /// record asked about was checked and found; a record that could not be checked (its
        /// look-up refused, its timeline unreadable) is not counted as found.
        public var verdict: ImportReport.Verdict {
            if authenticationFailure != nil { return .authenticationRefused }
            if stopReason == .untrustedCertificate || stopReason == .wrongEndpoint { return .configurationError }
            if stopReason != nil { return .stoppedEarly }
            if !missing.isEmpty || unchecked > 0 { return .someRecordsUnsettled }
            return .complete
        }
    }

    /// Entries asked per timeline page.
    static let pageSize = 100

    public let configuration: ImportConfiguration
    /// Records to check at random (seeded by the journal); nil: all.
    public let sample: Int?
    private let logger: Logger

    /// A read-back of the journal at `configuration.journalPath` through `configuration`'s
    /// endpoint and key.
    public init(configuration: ImportConfiguration, sample: Int?, logger: Logger) {
        self.configuration = configuration
        self.sample = sample
        self.logger = logger
    }

    /// Runs the read-back. Throws for problems found before anything is asked (exit 2 / 4).
    public func run() async throws(ImportError) -> Report {
        let monitor = RunMonitor()
        let journal = try Journal.openForRun(at: configuration.journalPath)
        defer { withExtendedLifetime(journal) {} }
        let records: [VerifiableRecord]
        do { records = try journal.recordsInPlain(sample: sample) } catch { throw .journal(error) }
        let (client, uploader) = try configuration.connect(monitor: monitor, logger: logger)
        let directory = CustomerDirectory(journal: journal, uploader: uploader, monitor: monitor, retryFailed: false, logger: logger)

        // Group by the timeline that should list each record.
        var groups: [Target: [VerifiableRecord]] = [:]
        var order: [Target] = []
        var report = Report()
        for record in records {
            var target: Target?
            if let parentId = record.parentId {
                target = Target(kind: record.kind, id: parentId)
            } else if record.kind == .customer, let key = record.customer, let identifier = Self.identifier(fromJournalKey: key) {
                if case .found(let id) = await directory.existingCustomer(identifier) { target = Target(kind: .customer, id: id) }
            }
            guard let target else {
                report.unchecked += 1
                logger.warning("\(record.source):\(record.line): \(record.externalId): its customer or thread is unknown; not checked")
                continue
            }
            if groups[target] == nil { order.append(target) }
            groups[target, default: []].append(record)
        }

        var results: [String: SourceResult] = [:]
        var sourceOrder: [String] = []
        for target in order {
            guard monitor.stopReason == nil, let wanted = groups[target] else { break }
            let present = await listed(target, wanted: Set(wanted.map(\.externalId)), uploader: uploader, monitor: monitor)
            guard let present else {
                report.unchecked += wanted.count
                continue
            }
            for record in wanted {
                if results[record.source] == nil {
                    sourceOrder.append(record.source)
                    results[record.source] = SourceResult(source: record.source)
                }
                results[record.source]?.checked += 1
                report.checked += 1
                if present.contains(record.externalId) {
                    results[record.source]?.found += 1
                    report.found += 1
                } else {
                    results[record.source]?.missing += 1
                    report.missing.append(record)
                }
            }
        }
        await client.shutdown()
        report.sources = sourceOrder.compactMap { results[$0] }
        report.requests = monitor.snapshot.requests
        report.stopReason = monitor.stopReason
        report.authenticationFailure = monitor.authenticationFailure
        report.certificateFailure = monitor.certificateFailure
        report.missing.sort { ($0.sourceId, $0.offset) < ($1.sourceId, $1.offset) }
        if report.stopReason == nil {
            do { try journal.saveMissing(report.missing) } catch { throw .journal(error) }
        }
        return report
    }

    /// A timeline to read: a customer's or a thread's.
    private struct Target: Hashable {
        let kind: EventKind
        let id: String
    }

    /// The externalIds among `wanted` that the target's timeline lists; nil when it could not be read.
    private func listed(_ target: Target, wanted: Set<String>, uploader: Uploader, monitor: RunMonitor) async -> Set<String>? {
        var found: Set<String> = []
        var cursor: String?
        while true {
            let operation = GraphQLDocuments.timelinePage(kind: target.kind, targetId: target.id, first: Self.pageSize, after: cursor)
            let outcome = monitor.heeding(await uploader.perform(operation, label: "timeline of \(target.id)"), logger: logger)
            guard case .answered(let value) = outcome else { return nil }
            // A thread's entries sit one level down, under `timelineEntries`.
            let connection = target.kind == .thread ? value.objectValue?["timelineEntries"]?.objectValue : value.objectValue
            guard let connection else { return found }
            for edge in connection["edges"]?.arrayValue ?? [] {
                let externalId = edge.objectValue?["node"]?.objectValue?["entry"]?.objectValue?["externalId"]?.stringValue
                if let externalId, wanted.contains(externalId) { found.insert(externalId) }
            }
            let pageInfo = connection["pageInfo"]?.objectValue
            guard found.count < wanted.count, pageInfo?["hasNextPage"] == .bool(true),
                let next = pageInfo?["endCursor"]?.stringValue
            else { return found }
            cursor = next
        }
    }

    /// The identifier a journal key (`CustomerIdentifier.journalKey`) stands for.
    static func identifier(fromJournalKey key: String) -> CustomerIdentifier? {
        guard let colon = key.firstIndex(of: ":"), let name = CustomerIdentifier.Key(rawValue: String(key[..<colon])) else { return nil }
        return CustomerIdentifier(key: name, value: String(key[key.index(after: colon)...]))
    }
}
