import Logging

/// Makes sure of customers and threads before their events (SPEC §9): one `upsertCustomer`
/// per distinct customer, and one look-up per customer and thread, per journal, ever. Answers
/// are kept in the journal; concurrent events of the same customer wait for the one request
/// in progress instead of sending their own, and wait in their own task, so an event waiting
/// for its customer holds only its own slot and other customers' events go on.
actor CustomerDirectory {
    /// What an event needs before it can be sent, once its prerequisite is settled.
    enum Resolution: Sendable {
        /// Send this event (its thread filled in); `parentId` is Plain's customer or thread id.
        case ready(EventInput, parentId: String?)
        /// The record fails without an event request.
        case failed(PlainFailure)
        /// Not settled now (out of attempts, Plain unavailable, stopping): a later run tries again.
        case pending(PlainFailure?)
        /// Plain refused the key: the run is stopping.
        case refused(PlainFailure)
    }

    private enum Key: Hashable {
        case customer(String)
        case thread(customer: String, externalId: String)
    }

    private let journal: Journal
    private let uploader: Uploader
    private let monitor: RunMonitor
    private let retryFailed: Bool
    private let logger: Logger
    private var waiting: [Key: [CheckedContinuation<DirectoryEntry?, Never>]] = [:]
    /// Entries asked again in this run with `--retry-failed` (SPEC §12.7): at most once each.
    private var askedAgain: Set<Key> = []
    /// The first journal write that failed; the run stops with it.
    private(set) var journalFailure: JournalError?

    init(journal: Journal, uploader: Uploader, monitor: RunMonitor, retryFailed: Bool, logger: Logger) {
        self.journal = journal
        self.uploader = uploader
        self.monitor = monitor
        self.retryFailed = retryFailed
        self.logger = logger
    }

    /// How an event with no prerequisite goes on: as it is (callers skip the actor for it).
    nonisolated static func ready(_ event: EventInput) -> Resolution {
        .ready(event, parentId: event.kind == .thread ? event.threadId : nil)
    }

    /// Settles what `event` needs first and says how to go on.
    func prepare(_ event: EventInput) async -> Resolution {
        switch event.prerequisite {
        case nil:
            return Self.ready(event)
        case .customer(let identifier, let upsert):
            let entry = await entry(.customer(identifier.journalKey), askAgain: .whenNotFound) {
                await self.upsert(identifier, input: upsert)
            }
            guard let entry else { return stopping }
            guard entry.result.exists, let id = entry.plainId else {
                let failure = entry.failure
                return .failed(
                    PlainFailure(
                        category: .validation,
                        code: "customer.\(failure?.code ?? "refused")",
                        message: "Plain refused to create the customer (\(identifier)): \(failure?.message ?? "no reason given")",
                        fields: failure?.fields ?? [],
                        requestId: failure?.requestId
                    )
                )
            }
            return .ready(event, parentId: id)
        case .thread(let customer, let externalId):
            let customerId: String
            switch await existingCustomer(customer) {
            case .found(let id): customerId = id
            case .unusable(let resolution): return resolution
            }
            let entry = await entry(.thread(customer: customer.journalKey, externalId: externalId), askAgain: .never) {
                await self.findThread(customerId: customerId, externalId: externalId)
            }
            guard let entry else { return stopping }
            guard entry.result.exists, let threadId = entry.plainId else {
                return .failed(
                    PlainFailure(
                        category: .notFound,
                        code: "thread_not_found",
                        message: "no thread with externalId \(externalId) for the customer (\(customer)) in Plain",
                        fields: [PlainFailure.FieldError(field: "thread.externalId", message: "not found", type: "NOT_FOUND")]
                    )
                )
            }
            return .ready(event.onThread(threadId), parentId: threadId)
        }
    }

    /// What a customer look-up came to.
    enum CustomerLookup: Sendable {
        /// Plain's id of the customer.
        case found(String)
        /// No usable customer: how its record goes on.
        case unusable(Resolution)
    }

    /// Plain's id of an existing customer, looked up once per journal (an id is taken as is).
    func existingCustomer(_ identifier: CustomerIdentifier) async -> CustomerLookup {
        if identifier.key == .customerId { return .found(identifier.value) }
        let entry = await entry(.customer(identifier.journalKey), askAgain: .never) {
            await self.findCustomer(identifier)
        }
        guard let entry else { return .unusable(stopping) }
        guard entry.result.exists, let id = entry.plainId else {
            return .unusable(
                .failed(
                    PlainFailure(
                        category: .notFound,
                        code: "customer_not_found",
                        message: "no customer with \(identifier) in Plain (add an upsertCustomer: section to create customers)",
                        fields: [PlainFailure.FieldError(field: "customer.\(identifier.key.rawValue)", message: "not found", type: "NOT_FOUND")]
                    )
                )
            )
        }
        return .found(id)
    }

    private var stopping: Resolution {
        if let failure = monitor.authenticationFailure { return .refused(failure) }
        return .pending(nil)
    }

    // MARK: - One request per key

    /// When a journaled entry is asked again.
    private enum AskAgain {
        case never
        /// An upsert after a look-up found nothing.
        case whenNotFound
    }

    /// The entry for `key`: from the journal, from a request already in progress, or from
    /// `work` (whose answer the journal keeps). A journaled entry is asked again as `askAgain` says; with `--retry-failed`, a failed
    /// one is asked again once per run. Nil when no answer came.
    private func entry(_ key: Key, askAgain: AskAgain, work: () async -> DirectoryEntry?) async -> DirectoryEntry? {
        if waiting[key] != nil {
            return await withCheckedContinuation { continuation in waiting[key, default: []].append(continuation) }
        }
        do {
            if let known = try load(key), !(askAgain == .whenNotFound && known.result == .notFound),
                known.result.exists || !retryFailed || askedAgain.contains(key)
            {
                return known
            }
        } catch {
            note(error)
            return nil
        }
        waiting[key] = []
        let answer = await work()
        if let answer {
            do { try save(key, answer) } catch { note(error) }
            if retryFailed { askedAgain.insert(key) }
        }
        for continuation in waiting.removeValue(forKey: key) ?? [] { continuation.resume(returning: answer) }
        return answer
    }

    private func load(_ key: Key) throws(JournalError) -> DirectoryEntry? {
        switch key {
        case .customer(let customer): try journal.customer(customer)
        case .thread(let customer, let externalId): try journal.thread(customer: customer, externalId: externalId)
        }
    }

    private func save(_ key: Key, _ entry: DirectoryEntry) throws(JournalError) {
        switch key {
        case .customer(let customer): try journal.saveCustomer(customer, entry)
        case .thread(let customer, let externalId): try journal.saveThread(customer: customer, externalId: externalId, entry)
        }
    }

    private func note(_ error: JournalError) {
        if journalFailure == nil { journalFailure = error }
        monitor.requestStop(.journalFailure)
    }

    // MARK: - Requests

    private func upsert(_ identifier: CustomerIdentifier, input: JSONObject) async -> DirectoryEntry? {
        switch monitor.heeding(
            await uploader.perform(GraphQLDocuments.upsertCustomer(input), label: "upsertCustomer (\(identifier))"),
            logger: logger
        ) {
        case .answered(let value):
            let object = value.objectValue
            let result = object?["result"]?.stringValue.flatMap(DirectoryEntry.Result.init(rawValue:)) ?? .noop
            monitor.update {
                if result == .created { $0.customersCreated += 1 } else { $0.customersExisting += 1 }
            }
            return DirectoryEntry(plainId: object?["customer"]?.objectValue?["id"]?.stringValue, result: result)
        case .failed(let failure):
            monitor.update { $0.customersFailed += 1 }
            logger.warning("Plain refused to create the customer (\(identifier)): \(failure); its events fail without being sent")
            return DirectoryEntry(plainId: nil, result: .refused, failure: failure)
        case .duplicate:
            monitor.update { $0.customersFailed += 1 }
            let failure = PlainFailure(
                category: .validation,
                code: "externalId_taken",
                message: "another customer already has this customer's externalId"
            )
            return DirectoryEntry(plainId: nil, result: .refused, failure: failure)
        case .pending, .stopsRun:
            return nil
        }
    }

    private func findCustomer(_ identifier: CustomerIdentifier) async -> DirectoryEntry? {
        await find(GraphQLDocuments.findCustomer(identifier), label: "customer (\(identifier))")
    }

    private func findThread(customerId: String, externalId: String) async -> DirectoryEntry? {
        await find(GraphQLDocuments.findThread(customerId: customerId, externalId: externalId), label: "thread \(externalId)")
    }

    /// A look-up whose answer is an object with Plain's `id`, or null for none.
    private func find(_ operation: GraphQLOperation, label: String) async -> DirectoryEntry? {
        monitor.update { $0.lookups += 1 }
        switch monitor.heeding(await uploader.perform(operation, label: label), logger: logger) {
        case .answered(let value):
            guard let id = value.objectValue?["id"]?.stringValue else { return DirectoryEntry(plainId: nil, result: .notFound) }
            return DirectoryEntry(plainId: id, result: .found)
        case .failed, .duplicate:
            return DirectoryEntry(plainId: nil, result: .notFound)
        case .pending, .stopsRun:
            return nil
        }
    }
}
