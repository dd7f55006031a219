import Foundation
import Logging

/// The preflight of SPEC §8 `check`: one read request for the workspace and the key's
/// permissions, the permissions the mapping needs and the key lacks, the rate budget, and with
/// inputs what is still to send, how long it will take and whether the first customers exist.
/// It never sends a mutation.
public struct Checker: Sendable {
    /// What the preflight found.
    public struct Report: Sendable {
        /// `myWorkspace`; nil when Plain answered null or refused it (reported as unknown).
        public var workspace: (id: String, name: String)?
        public var permissions: [String] = []
        public var missingPermissions: [String] = []
        public var rateLimit: RateLimitHeaders?
        /// Plain refused the key itself (exit 5).
        public var keyRefused: PlainFailure?
        /// Plain could not be asked (network, outage): why.
        public var unreachable: PlainFailure?
        public var inputs: Inputs?
        public var requests = 0
        /// Whether the mapping makes sure of customers (`upsertCustomer:`).
        public var upsertsCustomers = false
        /// How Plain was reached: direct, or through a proxy (shown without its password).
        public var route: ProxyRoute = .direct
        /// Whether the endpoint is https (else plain http to loopback: no TLS).
        public var usesTLS = true
        /// The PEM file trusted besides the system's store, if any.
        public var caFile: String?

        /// What TLS did: `verified` (an https answer came, so the certificate was trusted),
        /// `not trusted`, `not used (http)`, or `not reached` when no answer came.
        public var tls: String {
            if !usesTLS { return "not used (http)" }
            if unreachable?.category == .untrustedCertificate { return "not trusted" }
            return unreachable == nil ? "verified" : "not reached"
        }
    }

    /// The outcome of a check: ready (complete), or what keeps the run from being ready.
    public static func verdict(of report: Report) -> ImportReport.Verdict {
        if report.keyRefused != nil || !report.missingPermissions.isEmpty { return .authenticationRefused }
        if [.untrustedCertificate, .wrongEndpoint].contains(report.unreachable?.category) { return .configurationError }
        if report.unreachable != nil { return .stoppedEarly }
        if let inputs = report.inputs,
            inputs.invalid > 0 || inputs.customersNotLookedUp > 0 || !inputs.threadsMissing.isEmpty
                || (!inputs.customersMissing.isEmpty && !report.upsertsCustomers)
        {
            return .someRecordsUnsettled
        }
        return .complete
    }

    /// What the inputs hold (only with inputs).
    public struct Inputs: Sendable {
        public var toSend = 0
        public var invalid = 0
        /// Records the mapping's `where:` leaves out (SPEC §15.3).
        public var filtered = 0
        public var settled = 0
        /// Upserts and look-ups still to do before the events.
        public var preparations = 0
        public var estimatedSeconds = 0.0
        public var customersChecked = 0
        public var customersFound = 0
        public var customersMissing: [String] = []
        /// Customers whose look-up got no answer to count (refused, or Plain stopped answering),
        /// and the first reason: they are neither found nor missing.
        public var customersNotLookedUp = 0
        public var lookupFailure: PlainFailure?
        /// Threads named by the workspace's own id (thread mappings): how many of the first ones
        /// were looked up, how many exist, and the missing ones (`customer/externalId`).
        public var threadsChecked = 0
        public var threadsFound = 0
        public var threadsMissing: [String] = []
        /// Whether the records are thread events (customers then matter only as their threads' customers).
        public var threadMapping = false
        /// Why the customers were not looked up, when they were not.
        public var customerLookupSkipped: String?
        /// Invalid records, for the report's first lines.
        public var firstInvalid: [Validator.InvalidRecord] = []
        /// For each source likely in another encoding (SPEC §12.18) or format than it is read in,
        /// the hint saying which would read it (given once per source, by `RecordStream`).
        public var readingHints: [ReadingHint] = []
    }

    public let configuration: ImportConfiguration
    /// How many distinct customers of the inputs to look up.
    public let customersToCheck: Int
    private let logger: Logger

    /// A preflight of `configuration` (inputs optional) looking up `customersToCheck` customers.
    public init(configuration: ImportConfiguration, customersToCheck: Int, logger: Logger) {
        self.configuration = configuration
        self.customersToCheck = customersToCheck
        self.logger = logger
    }

    /// The permissions a run of `mapping` needs (SPEC §8); for native inputs, those of the event
    /// kinds found in them.
    public static func neededPermissions(mapping: Mapping?, nativeKinds: Set<EventKind>) -> [String] {
        var needed: [String] = []
        let kinds = mapping.map { [$0.kind] } ?? Array(nativeKinds).sorted { $0.rawValue < $1.rawValue }
        for kind in kinds {
            switch kind {
            case .customer: needed.append("customerEvent:create")
            case .thread: needed += ["threadEvent:create", "threadEvent:read"]
            }
        }
        if mapping?.upsertCustomer != nil { needed += ["customer:create", "customer:edit"] }
        if mapping?.thread != nil { needed += ["customer:read", "thread:read"] }
        var seen: Set<String> = []
        return needed.filter { seen.insert($0).inserted }
    }

    /// Runs the preflight. Throws for usage, mapping and input errors (exit 2).
    public func run() async throws(ImportError) -> Report {
        let mapping: Mapping?
        do {
            mapping = try configuration.mappingPath.map { path throws(MappingError) in try MappingParser.load(path: path) }
        } catch {
            throw .mapping(error)
        }
        let files = try configuration.inputFiles(logger: logger)
        var nativeKinds: Set<EventKind> = []
        let read = files.isEmpty ? nil : try self.read(files, mapping: mapping, nativeKinds: &nativeKinds)
        let monitor = RunMonitor()
        var checkConfiguration = configuration
        checkConfiguration.maxAttempts = min(configuration.maxAttempts, 3)
        checkConfiguration.giveUpAfter = min(configuration.giveUpAfter, .seconds(30))
        let (client, uploader) = try checkConfiguration.connect(monitor: monitor, logger: logger)

        var report = Report()
        report.upsertsCustomers = mapping?.upsertCustomer != nil
        report.route = client.route
        report.usesTLS = client.usesTLS
        report.caFile = client.trusted.path
        switch monitor.heeding(
            await uploader.perform(GraphQLDocuments.findWorkspaceAndPermissions, label: "workspace and permissions"),
            logger: logger
        ) {
        case .answered(let value):
            let data = value.objectValue
            if let workspace = data?["myWorkspace"]?.objectValue, let id = workspace["id"]?.stringValue {
                report.workspace = (id, workspace["name"]?.stringValue ?? "")
            }
            report.permissions = data?["myPermissions"]?.objectValue?["permissions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        case .stopsRun(let stop) where stop.reason == .authenticationRefused:
            report.keyRefused = stop.failure
        case .failed(let failure), .pending(let failure?):
            report.unreachable = failure
        case .stopsRun(let stop):
            report.unreachable = stop.failure
        case .pending(nil), .duplicate:
            report.unreachable = PlainFailure(category: .transport, code: "no_answer", message: "Plain did not answer")
        }
        report.rateLimit = monitor.snapshot.lastRateLimit

        if var inputs = read?.inputs, let customers = read?.customers {
            let canRead = report.permissions.contains("customer:read")
            if report.keyRefused != nil || report.unreachable != nil {
                inputs.customerLookupSkipped = "Plain could not be asked"
            } else if !canRead {
                inputs.customerLookupSkipped = "the key lacks customer:read"
            } else {
                let ids = await lookUp(customers, into: &inputs, uploader: uploader, monitor: monitor)
                if let threads = read?.threads, !threads.isEmpty {
                    await lookUp(threads, customerIds: ids, into: &inputs, uploader: uploader, monitor: monitor)
                }
            }
            let limit = report.rateLimit?.limit.map(Double.init) ?? Double(configuration.rate)
            let perMinute = max(1, min(Double(configuration.rate), limit))
            inputs.estimatedSeconds = Double(inputs.toSend + inputs.preparations) / perMinute * 60
            report.inputs = inputs
        }
        if report.keyRefused == nil && report.unreachable == nil {
            let granted = Set(report.permissions)
            report.missingPermissions = Self.neededPermissions(mapping: mapping, nativeKinds: nativeKinds).filter { !granted.contains($0) }
        }
        report.requests = monitor.snapshot.requests
        await client.shutdown()
        return report
    }

    /// Reads and maps every input offline, counting what is still to send against the journal.
    /// Returns the counts and the first `customersToCheck` distinct customers among records still to send.
    private func read(
        _ files: [InputFile],
        mapping: Mapping?,
        nativeKinds: inout Set<EventKind>
    ) throws(ImportError) -> (inputs: Inputs, customers: [CustomerIdentifier], threads: [ThreadReference]) {
        var inputs = Inputs()
        let journal =
            FileManager.default.fileExists(atPath: configuration.journalPath)
            ? try? Journal(path: configuration.journalPath, readOnly: true) : nil
        var customers: [CustomerIdentifier] = []
        var customerKeys: Set<String> = []
        var threads: [ThreadReference] = []
        var threadKeys: Set<String> = []
        var preparations: Set<String> = []
        do {
            for file in files {
                let opened = try OpenedSource.open(file, mapping: mapping)
                // Offsets say which records are settled only while the file's bytes read before are
                // unchanged: decided as the import decides it (stamp, else checksums).
                let source = try journal.flatMap { journal in try SourceContinuity.continuingSource(of: file, in: journal) }
                let interpreter = opened.interpreter
                var stream = RecordStream(opened, lanes: defaultInterpretationLanes) { interpreter.interpret($0) }
                while let item = try stream.next() {
                    let record = item.record
                    inputs.readingHints += item.hints
                    switch item.outcome {
                    case .invalid(let problem):
                        inputs.invalid += 1
                        if inputs.firstInvalid.count < 10 {
                            inputs.firstInvalid.append(
                                Validator.InvalidRecord(
                                    source: file.path,
                                    line: record.line,
                                    problem: problem,
                                    record: StoredRecordText.value(of: opened.interpreter.original(record))
                                )
                            )
                        }
                    case .filtered:
                        inputs.filtered += 1
                    case .event(let event):
                        nativeKinds.insert(event.kind)
                        if let journal {
                            // The import's decision, on the journal as it is (nothing is retried here).
                            let entry = try source.flatMap { try journal.journaled(sourceId: $0.id, offset: record.offset) }
                            let fate = try RecordFate.decide(
                                journaled: entry,
                                bytes: .verifiedBySource,
                                retryFailed: false,
                                interpreted: { item.outcome },
                                isInPlain: { (externalId) throws(JournalError) in try journal.isInPlain(externalId: externalId) }
                            )
                            guard case .send = fate else {
                                inputs.settled += 1
                                continue
                            }
                        }
                        inputs.toSend += 1
                        var identifier = event.customer
                        switch event.prerequisite {
                        case .customer(let customer, _)?:
                            if try journal?.customer(customer.journalKey)?.result.exists != true {
                                preparations.insert("customer " + customer.journalKey)
                            }
                        case .thread(let customer, let externalId)?:
                            identifier = customer
                            inputs.threadMapping = true
                            if threads.count < customersToCheck, threadKeys.insert("\(customer.journalKey)/\(externalId)").inserted {
                                threads.append(ThreadReference(customer: customer, externalId: externalId))
                            }
                            if customer.key != .customerId, try journal?.customer(customer.journalKey) == nil {
                                preparations.insert("customer " + customer.journalKey)
                            }
                            if try journal?.thread(customer: customer.journalKey, externalId: externalId) == nil {
                                preparations.insert("thread \(customer.journalKey)/\(externalId)")
                            }
                        case nil:
                            break
                        }
                        if let identifier, identifier.key != .customerId, customers.count < customersToCheck,
                            customerKeys.insert(identifier.journalKey).inserted
                        {
                            customers.append(identifier)
                        }
                    }
                }
            }
        } catch {
            throw .wrapping(error)
        }
        inputs.preparations = preparations.count
        return (inputs, customers, threads)
    }

    /// Looks up `customers`, counting those found and naming those missing.
    @discardableResult
    private func lookUp(
        _ customers: [CustomerIdentifier],
        into inputs: inout Inputs,
        uploader: Uploader,
        monitor: RunMonitor
    ) async -> [String: String] {
        var ids: [String: String] = [:]
        var missing: [String] = []
        var checked = 0
        var found = 0
        for identifier in customers {
            let value = identifier.value
            let outcome = monitor.heeding(
                await uploader.perform(GraphQLDocuments.findCustomer(identifier), label: "customer (\(identifier))"),
                logger: logger
            )
            guard case .answered(let answer) = outcome else {
                inputs.customersNotLookedUp += 1
                switch outcome {
                case .failed(let failure), .pending(let failure?):
                    if inputs.lookupFailure == nil { inputs.lookupFailure = failure }
                case .stopsRun(let stop):
                    if inputs.lookupFailure == nil { inputs.lookupFailure = stop.failure }
                default: break
                }
                continue
            }
            checked += 1
            if let id = answer.objectValue?["id"]?.stringValue {
                found += 1
                ids[identifier.journalKey] = id
            } else {
                missing.append(value)
            }
        }
        inputs.customersChecked = checked
        inputs.customersFound = found
        inputs.customersMissing = missing
        return ids
    }

    /// A thread named by the workspace's own id within a customer.
    struct ThreadReference {
        let customer: CustomerIdentifier
        let externalId: String
    }

    /// Looks up `threads` within their customers (`customerIds`, by journal key; a customer id is
    /// taken as is), counting those found and naming those missing.
    private func lookUp(
        _ threads: [ThreadReference],
        customerIds: [String: String],
        into inputs: inout Inputs,
        uploader: Uploader,
        monitor: RunMonitor
    ) async {
        for thread in threads {
            let customerId = thread.customer.key == .customerId ? thread.customer.value : customerIds[thread.customer.journalKey]
            let place = "\(thread.customer.value)/\(thread.externalId)"
            guard let customerId else {
                // Its customer does not exist (or could not be looked up): neither can the thread.
                inputs.threadsChecked += 1
                inputs.threadsMissing.append(place)
                continue
            }
            let operation = GraphQLDocuments.findThread(customerId: customerId, externalId: thread.externalId)
            let outcome = monitor.heeding(await uploader.perform(operation, label: "thread \(thread.externalId)"), logger: logger)
            guard case .answered(let answer) = outcome else {
                inputs.customersNotLookedUp += 1
                continue
            }
            inputs.threadsChecked += 1
            if answer.objectValue?["id"]?.stringValue != nil { inputs.threadsFound += 1 } else { inputs.threadsMissing.append(place) }
        }
    }
}
