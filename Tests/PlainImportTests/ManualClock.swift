import Foundation
import PlainImport
import Synchronization

/// A clock that moves only when a test moves it, for the rate limiter: its monotonic and wall
/// readings start together and advance together.
final class ManualClock: Sendable {
    private let start = ContinuousClock.now
    private let startDate = Date(timeIntervalSince1970: 1_800_000_000)
    private let elapsed = Mutex<Duration>(.zero)

    /// Moves the clock on by `duration`.
    func advance(by duration: Duration) { elapsed.withLock { $0 += duration } }

    /// The wall-clock reading now, for building reset headers.
    var date: Date { startDate.addingTimeInterval(elapsed.withLock { $0 }.inSeconds) }

    var clock: RateLimiter.Clock {
        RateLimiter.Clock(now: { self.start + self.elapsed.withLock { $0 } }, date: { self.date })
    }
}
