import Foundation
import PlainImport

/// What the stand-in has accepted and counted. Shared by all requests.
public actor PlainFakeStore {
    public private(set) var events: [StoredEvent] = []
    private var byExternalId: [String: Int] = [:]
    /// Every request received, 429s and refusals included.
    public private(set) var requests = 0
    /// Answers with HTTP 429.
    public private(set) var rateLimited = 0
    /// Events created but never answered (connection dropped on purpose).
    public private(set) var dropped = 0
    /// Answers held past a client's timeout on purpose.
    public private(set) var stalled = 0
    /// Requests being answered now (a stalled one stores its event only when its stall ends).
    public private(set) var answering = 0
    /// Requests let through in each rate window (index from the server's start).
    public private(set) var admittedPerWindow: [Int: Int] = [:]
    private var windowIndex = -1
    private var windowCount = 0
    private let started = Date()

    /// An empty store.
    public init() {}

    /// Notes that a request is being answered, until `finishedAnswering`.
    func startedAnswering() { answering += 1 }

    /// Notes that a request's answer is done (sent, dropped or refused).
    func finishedAnswering() { answering -= 1 }

    /// Counts a request against the rate window; returns the headers' values and whether it is over.
    func admit(limit: Int, window: Duration) -> (remaining: Int, reset: Date, over: Bool) {
        requests += 1
        let windowSeconds = window.inSeconds
        let elapsed = Date().timeIntervalSince(started)
        let index = Int(elapsed / windowSeconds)
        if index != windowIndex {
            windowIndex = index
            windowCount = 0
        }
        let reset = started.addingTimeInterval(Double(index + 1) * windowSeconds)
        if windowCount >= limit {
            rateLimited += 1
            return (0, reset, true)
        }
        windowCount += 1
        admittedPerWindow[index, default: 0] += 1
        return (limit - windowCount, reset, false)
    }

    func noteRateLimited() { rateLimited += 1 }
    func noteDropped() { dropped += 1 }
    func noteStalled() { stalled += 1 }

    /// Stores an event unless its externalId exists; nil when it does.
    func store(kind: EventKind, input: JSONObject, customerId: String?, threadId: String?) -> StoredEvent? {
        let externalId = input["externalId"]?.stringValue
        if let externalId, byExternalId[externalId] != nil { return nil }
        let event = StoredEvent(
            id: (kind == .customer ? "ce_" : "te_") + UUID().uuidString.lowercased(),
            kind: kind,
            externalId: externalId,
            input: input,
            customerId: customerId,
            threadId: threadId
        )
        if let externalId { byExternalId[externalId] = events.count }
        events.append(event)
        return event
    }

    // MARK: - Customers, threads, timelines

    /// Customers by identifier value (emails lowercased) → Plain id: created by upserts, or
    /// known from the options and named once.
    private var customerIds: [String: String] = [:]
    /// Requests per operation name.
    public private(set) var operations: [String: Int] = [:]
    /// Customers created by `upsertCustomer`.
    public private(set) var customersCreated = 0

    func noteOperation(_ name: String) { operations[name, default: 0] += 1 }

    private static func normalized(_ value: String) -> String { value.contains("@") ? value.lowercased() : value }

    /// Plain's id of the customer named by `value` (email, externalId or id), if it exists:
    /// created by an upsert, or one of `known` (nil: every customer exists).
    /// Customers (emails, externalIds or ids) whose look-ups and timelines are refused with a
    /// BAD_USER_INPUT error from now on: a look-up Plain refuses, whatever the reason.
    public private(set) var refusedLookups: Set<String> = []

    /// Refuses, from now on, the look-ups and timelines of the customers named by `values`.
    public func refuseLookups(of values: Set<String>) { refusedLookups = Set(values.map(Self.normalized)) }

    /// Whether a look-up of `value` (an identifier, or a customer id) is refused.
    func isLookupRefused(_ value: String) -> Bool {
        refusedLookups.contains(Self.normalized(value)) || refusedLookups.contains { customerIds[$0] == value }
    }

    func customerId(for value: String, known: Set<String>?) -> String? {
        let key = Self.normalized(value)
        if let id = customerIds[key] { return id }
        if customerIds.values.contains(value) { return value }
        guard known == nil || known?.contains(value) == true || known?.contains(key) == true else { return nil }
        let id = value.hasPrefix("c_") ? value : "c_" + String(UInt64(truncatingIfNeeded: key.hashValueStable), radix: 36)
        customerIds[key] = id
        return id
    }

    /// `upsertCustomer`: the existing customer (NOOP) or a new one named by the identifier,
    /// the email and the externalId of `onCreate` (CREATED).
    func upsertCustomer(identifier: String, email: String?, externalId: String?, known: Set<String>?) -> (result: String, id: String) {
        if let id = customerId(for: identifier, known: known) { return ("NOOP", id) }
        let id = "c_" + UUID().uuidString.lowercased().prefix(20)
        for value in [identifier, email, externalId].compactMap({ $0 }) { customerIds[Self.normalized(value)] = id }
        customersCreated += 1
        return ("CREATED", id)
    }

    /// Forgets events as if Plain had lost them: they leave the timelines and their externalIds
    /// can be created again. For `verify` tests.
    public func lose(externalIds: Set<String>) {
        events.removeAll { $0.externalId.map(externalIds.contains) == true }
        byExternalId = [:]
        for (index, event) in events.enumerated() { if let id = event.externalId { byExternalId[id] = index } }
    }

    /// The events on a customer's timeline (customer events) or a thread's (thread events), oldest first.
    func timeline(kind: EventKind, targetId: String) -> [StoredEvent] {
        events.filter { $0.kind == kind && (kind == .customer ? $0.customerId == targetId : $0.threadId == targetId) }
    }

    /// How many stored events carry each externalId (more than 1 would be a duplicate).
    public func externalIdCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for event in events { if let id = event.externalId { counts[id, default: 0] += 1 } }
        return counts
    }
}

extension String {
    /// FNV-1a: the same value in every process, unlike `hashValue`.
    fileprivate var hashValueStable: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
