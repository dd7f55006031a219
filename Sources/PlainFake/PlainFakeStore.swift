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
    /// Requests let through in each rate window (index from the server's start).
    public private(set) var admittedPerWindow: [Int: Int] = [:]
    private var windowIndex = -1
    private var windowCount = 0
    private let started = Date()

    public init() {}

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
    func store(kind: EventKind, input: JSONObject) -> StoredEvent? {
        let externalId = input["externalId"]?.stringValue
        if let externalId, byExternalId[externalId] != nil { return nil }
        let event = StoredEvent(
            id: (kind == .customer ? "ce_" : "te_") + UUID().uuidString.lowercased(),
            kind: kind,
            externalId: externalId,
            input: input
        )
        if let externalId { byExternalId[externalId] = events.count }
        events.append(event)
        return event
    }

    /// How many stored events carry each externalId (more than 1 would be a duplicate).
    public func externalIdCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for event in events { if let id = event.externalId { counts[id, default: 0] += 1 } }
        return counts
    }
}
