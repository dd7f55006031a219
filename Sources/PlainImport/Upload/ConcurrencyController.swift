/// Additive-increase / multiplicative-decrease of how many requests may be in flight
/// (SPEC §6): halve on a 429 or when latency climbs well above its floor, add one after a
/// window of healthy answers, never above the ceiling (`--concurrency`) or below 1.
public struct ConcurrencyController: Sendable, Hashable {
    public let ceiling: Int
    public private(set) var limit: Int
    private var healthyAnswers = 0
    private var latencyFloor: Duration?
    private var smoothedLatency: Duration?

    /// A controller that never allows more than `ceiling` requests in flight.
    public init(ceiling: Int) {
        self.ceiling = max(1, ceiling)
        self.limit = self.ceiling
    }

    /// Takes in one answer: its latency and whether it was a 429.
    public mutating func observe(latency: Duration, rateLimited: Bool) {
        if rateLimited {
            decrease()
            return
        }
        latencyFloor = min(latencyFloor ?? latency, latency)
        smoothedLatency = smoothedLatency.map { $0 * 0.8 + latency * 0.2 } ?? latency
        if let floor = latencyFloor, let smooth = smoothedLatency, smooth > floor * 3 && smooth > .milliseconds(200) {
            decrease()
            // Forget the old floor slowly so that a lasting change of latency is accepted.
            latencyFloor = floor * 1.5
            return
        }
        healthyAnswers += 1
        if healthyAnswers >= limit {
            healthyAnswers = 0
            limit = min(ceiling, limit + 1)
        }
    }

    private mutating func decrease() {
        limit = max(1, limit / 2)
        healthyAnswers = 0
    }
}
