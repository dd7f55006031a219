import Foundation
import Logging
import PlainFake
import Testing

@testable import PlainImport

/// The uploader says what Plain's answers mean and stops nothing: a run stops only when the run
/// heeds what the uploader found (`RunMonitor.stop`), and then every request still asked for
/// ends pending without being sent.
@Suite struct UploaderTests {
    let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static let event = EventInput(
        kind: .customer,
        input: JSONObject([
            "customerIdentifier": .object(JSONObject(["emailAddress": .string("a@example.com")])),
            "title": .string("Order placed"), "components": .array([]),
        ]),
        externalId: nil
    )

    @Test func aRefusedKeyIsSaidNotActedOn() async throws {
        try await PlainFake.withRunning(options: PlainFakeOptions()) { fake in
            let client = PlainClient(
                endpoint: try PlainEndpoint(fake.endpoint),
                apiKey: try APIKey("not-the-key"),
                maximumConnections: 1,
                logger: quiet
            )
            let monitor = RunMonitor()
            let uploader = Uploader(
                client: client,
                limiter: RateLimiter(requestsPerMinute: 60_000),
                policy: RetryPolicy(baseDelay: .milliseconds(1)),
                monitor: monitor,
                giveUpAfter: .seconds(60),
                logger: quiet
            )
            let report = await uploader.deliver(Self.event)
            guard case .stopsRun(let stop) = report.delivery else {
                Issue.record("expected the run to be told to stop, got \(report.delivery)")
                return
            }
            #expect(stop.reason == .authenticationRefused)
            #expect(stop.failure.category == .unauthenticated)
            #expect(monitor.stopReason == nil, "the uploader stopped nothing")
            #expect(monitor.authenticationFailure == nil)

            let log = CapturedLog()
            monitor.stop(stop, logger: log.logger())
            #expect(monitor.stopReason == .authenticationRefused)
            #expect(monitor.authenticationFailure == stop.failure)

            // Once the run stops, what is still asked for ends pending, unsent.
            let before = await fake.store.requests
            let after = await uploader.deliver(Self.event)
            guard case .pending = after.delivery else {
                Issue.record("expected pending once the run stops, got \(after.delivery)")
                return
            }
            #expect(await fake.store.requests == before)
            await client.shutdown()
        }
    }

    /// The first stop wins and is said once, however many requests found a reason.
    @Test func theRunStopsForTheFirstFindingAndSaysItOnce() {
        let monitor = RunMonitor()
        let log = CapturedLog()
        let failure = PlainFailure(category: .transport, code: "connection_refused", message: "connection refused")
        let unavailable = UploadStop(
            reason: .plainUnavailable,
            failure: failure,
            message: "Plain has not answered successfully for 30 s",
            remedy: .giveUpAfter
        )
        for _ in 0..<5 { monitor.stop(unavailable, logger: log.logger()) }
        let certificate = PlainFailure(category: .untrustedCertificate, code: "untrusted_certificate", message: "not trusted")
        monitor.stop(UploadStop(reason: .untrustedCertificate, failure: certificate, message: "not trusted"), logger: log.logger())
        #expect(monitor.stopReason == .plainUnavailable)
        #expect(log.lines.map(\.message) == ["Plain has not answered successfully for 30 s; stopping"])
        #expect(log.lines.first?.level == .error)
        #expect(monitor.certificateFailure == certificate, "kept for the final message even when another reason stopped the run first")
    }
}
