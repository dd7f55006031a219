import Foundation
import Logging

/// Sends one event until Plain settles it or the retry rules give up (SPEC §6): paced by the
/// shared rate limiter, 429s hold every request until Plain's reset, transient failures back
/// off with full jitter, permanent ones fail at once.
public struct Uploader: Sendable {
    let client: PlainClient
    let limiter: RateLimiter
    let policy: RetryPolicy
    let monitor: RunMonitor
    let giveUpAfter: Duration
    let logger: Logger

    /// An uploader sending through `client`, paced by `limiter`, retrying as `policy` says; Plain counts as unavailable after `giveUpAfter` without a success.
    public init(client: PlainClient, limiter: RateLimiter, policy: RetryPolicy, monitor: RunMonitor, giveUpAfter: Duration, logger: Logger) {
        self.client = client
        self.limiter = limiter
        self.policy = policy
        self.monitor = monitor
        self.giveUpAfter = giveUpAfter
        self.logger = logger
    }

    /// What happened while delivering one event.
    public struct Report: Sendable {
        public var delivery: Delivery
        /// Requests sent for it, 429s included.
        public var attempts = 0
        public var rateLimitedAnswers = 0
        public var lastLatency: Duration = .zero
        /// Plain's id of the customer (customer events) or thread (thread events) it landed on,
        /// when Plain's answer said.
        public var parentId: String?
        /// The externalId as sent, when it was settled only on the way (a thread looked up first).
        public var externalId: String?
    }

    /// How one operation ended after the retry rules.
    public enum Outcome: Sendable {
        /// Plain answered with this value at the operation's result field.
        case answered(JSONValue)
        /// Plain already had the externalId.
        case duplicate
        /// Plain refused it; not retried.
        case failed(PlainFailure)
        /// Not settled: out of attempts, or the run is stopping.
        case pending(PlainFailure?)
        /// Not settled, and no request of the run can succeed now (the key or its permissions
        /// refused, a certificate or endpoint to fix, Plain unavailable for the give-up budget):
        /// the caller stops the run.
        case stopsRun(UploadStop)
    }

    /// Delivers `event` and says how it went.
    public func deliver(_ event: EventInput) async -> Report {
        var report = Report(delivery: .pending(nil))
        let operation = GraphQLDocuments.create(event)
        let eventField = operation.requiredField ?? ""
        switch await perform(operation, label: event.externalId, into: &report) {
        case .answered(let value):
            let created = value.objectValue?[eventField]?.objectValue
            report.delivery = .created(plainId: created?["id"]?.stringValue ?? "")
            report.parentId = created?["threadId"]?.stringValue ?? created?["customerId"]?.stringValue
        case .duplicate: report.delivery = .duplicate
        case .failed(let failure): report.delivery = .failed(failure)
        case .pending(let failure): report.delivery = .pending(failure)
        case .stopsRun(let stop): report.delivery = .stopsRun(stop)
        }
        return report
    }

    /// Sends `operation` under the same pacing and retry rules as events (upserts, look-ups,
    /// read-back); `label` names it in log lines.
    public func perform(_ operation: GraphQLOperation, label: String) async -> Outcome {
        var report = Report(delivery: .pending(nil))
        return await perform(operation, label: label, into: &report)
    }

    private func perform(_ operation: GraphQLOperation, label: String, into report: inout Report) async -> Outcome {
        var attempt = 0
        var rateLimitedAttempts = 0
        var lastFailure: PlainFailure?
        while true {
            if let reason = monitor.stopReason, [.authenticationRefused, .plainUnavailable, .untrustedCertificate, .wrongEndpoint].contains(reason) {
                return .pending(lastFailure)
            }
            do { try await limiter.acquire() } catch { return .pending(lastFailure) }
            attempt += 1
            let started = ContinuousClock.now
            monitor.update { $0.requestsInFlight += 1 }
            let response = await client.execute(operation)
            monitor.update { $0.requestsInFlight -= 1 }
            let latency = ContinuousClock.now - started
            report.attempts = attempt
            report.lastLatency = latency
            limiter.observe(response.rateLimit)
            let failure: PlainFailure
            switch response.result {
            case .success(let value):
                monitor.noteRequest(rateLimit: response.rateLimit, answered: true)
                return .answered(value)
            case .failure(let answer):
                monitor.noteRequest(rateLimit: response.rateLimit, answered: false)
                failure = answer
            }
            lastFailure = failure
            let decision = policy.decide(after: failure, attempt: attempt - rateLimitedAttempts)
            switch decision {
            case .settle:
                monitor.noteAnswered()
                return .duplicate
            case .fail:
                monitor.noteAnswered()
                logger.debug("Plain refused \(label): \(failure)")
                return .failed(failure)
            case .stopRun(let reason) where reason == .untrustedCertificate || reason == .wrongEndpoint:
                // A setting must change: nothing is marked failed, nothing about customers remembered.
                return .stopsRun(UploadStop(reason: reason, failure: failure, message: failure.message, remedy: failure.remedy))
            case .stopRun:
                return .stopsRun(UploadStop(reason: .authenticationRefused, failure: failure))
            case .waitForRateLimit:
                rateLimitedAttempts += 1
                report.rateLimitedAnswers = rateLimitedAttempts
                monitor.update {
                    $0.rateLimited += 1
                    $0.retries += 1
                }
                if let reset = response.rateLimit.reset { limiter.hold(until: reset) }
                // However near Plain's reset says (absent, past, unreadable), 429 after 429 backs off.
                limiter.hold(for: policy.backoff(attempt: rateLimitedAttempts))
                // --give-up-after bounds any stretch without a success, 429s included.
                if monitor.noteTransientFailure(giveUpAfter: giveUpAfter) {
                    return .stopsRun(
                        UploadStop(
                            reason: .plainUnavailable,
                            failure: failure,
                            message: "Plain has answered nothing but 429 (rate limited) for \(Int(giveUpAfter.inSeconds)) s",
                            remedy: .giveUpAfter
                        )
                    )
                }
                if rateLimitedAttempts > policy.maximumAttempts * 8 { return .pending(failure) }
            case .retry(let delay):
                monitor.update { $0.retries += 1 }
                if failure.category == .transport, monitor.isFirstTransportFailure() {
                    let budget = min(giveUpAfter, RunMonitor.giveUpWithoutAnyAnswer)
                    logger.error(
                        "cannot reach Plain at \(client.endpointDescription): \(failure.message); retrying, and giving up after \(Int(budget.inSeconds)) s without any answer",
                        metadata: Self.metadata(failure.remedy)
                    )
                }
                if monitor.noteTransientFailure(giveUpAfter: giveUpAfter) {
                    let budget = monitor.everAnswered ? giveUpAfter : min(giveUpAfter, RunMonitor.giveUpWithoutAnyAnswer)
                    return .stopsRun(
                        UploadStop(
                            reason: .plainUnavailable,
                            failure: failure,
                            message: "Plain has not answered successfully for \(Int(budget.inSeconds)) s (last: \(failure))",
                            remedy: failure.remedy
                        )
                    )
                }
                logger.debug(
                    "attempt \(attempt) for \(label) failed (\(failure)); retrying in \(String(format: "%.2f", delay.inSeconds)) s"
                )
                do { try await Task.sleep(for: delay) } catch { return .pending(failure) }
            case .giveUp:
                logger.warning("\(label): out of attempts after \(attempt - rateLimitedAttempts) (last: \(failure)); left pending")
                return .pending(failure)
            }
        }
    }

    /// A log entry's metadata naming `remedy` (none: empty), for the executable to say it.
    static func metadata(_ remedy: Remedy?) -> Logger.Metadata {
        remedy.map { [Remedy.metadataKey: .string($0.rawValue)] } ?? [:]
    }

}
