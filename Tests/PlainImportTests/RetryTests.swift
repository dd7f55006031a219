import Foundation
import Logging
import PlainFake
import Testing

@testable import PlainImport

/// Each error class of SPEC §6 through the real client against the stand-in Plain, with a
/// real journal: what is retried, what fails, what stops the run, and that nothing doubles.
@Suite struct RetryTests: ImportTestSuite {
    let directory = temporaryDirectory()

    /// `count` native customer events, one per line.
    func events(_ count: Int) -> String {
        let lines = (1...count).map { n in
            #"{"customerIdentifier":{"emailAddress":"user\#(n)@example.com"},"title":"event \#(n)","components":[]}"#
        }
        return write(lines.joined(separator: "\n") + "\n", to: "events.ndjson", in: directory)
    }

    /// A run with short retry delays and room for many attempts.
    func configuration(_ fake: PlainFake, input: String) throws -> ImportConfiguration {
        var configuration = try configuration(fake, inputs: [input], mapping: nil)
        configuration.retryBaseDelay = .milliseconds(10)
        configuration.retryMaximumDelay = .milliseconds(100)
        configuration.maxAttempts = 30
        return configuration
    }

    static func options(_ change: (inout PlainFakeOptions) -> Void) -> PlainFakeOptions {
        var options = PlainFakeOptions.unthrottled
        options.rateWindow = .seconds(1)
        change(&options)
        return options
    }

    /// Every event of `count` is in the stand-in exactly once, and the journal agrees.
    /// Waits until the stand-in is answering nothing (a guard of a minute keeps a stuck one
    /// from holding the suite; the check that follows then fails).
    static func waitUntilAnswered(_ fake: PlainFake) async {
        let guardEnds = ContinuousClock.now + .seconds(60)
        while await fake.store.answering > 0, ContinuousClock.now < guardEnds { try? await Task.sleep(for: .milliseconds(10)) }
    }

    func expectExactlyOnce(_ fake: PlainFake, count: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let counts = await fake.store.externalIdCounts()
        #expect(counts.count == count, "distinct events", sourceLocation: sourceLocation)
        #expect(counts.values.allSatisfy { $0 == 1 }, "no event twice", sourceLocation: sourceLocation)
        let journal = try Journal(path: journalPath, readOnly: true)
        var total = StatusCounts()
        for source in try journal.statusReport() { total.add(source.counts) }
        #expect(total.done + total.duplicate == count, sourceLocation: sourceLocation)
        #expect(total.pending == 0 && total.failed == 0, sourceLocation: sourceLocation)
    }

    @Test func gatewayErrorsWithHTMLBodiesAreRetried() async throws {
        let input = events(60)
        try await PlainFake.withRunning(options: Self.options { $0.serverErrorProbability = 0.3 }) { fake in
            let report = try await run(try configuration(fake, input: input))
            #expect(report.verdict == .complete)
            #expect(report.run.created == 60)
            #expect(report.run.retries > 0)
            #expect(report.run.requests == 60 + report.run.retries)
            try await expectExactlyOnce(fake, count: 60)
        }
    }

    @Test func internalMutationErrorsAreRetried() async throws {
        let input = events(60)
        try await PlainFake.withRunning(options: Self.options { $0.internalErrorProbability = 0.3 }) { fake in
            let report = try await run(try configuration(fake, input: input))
            #expect(report.verdict == .complete)
            #expect(report.run.created == 60)
            #expect(report.run.retries > 0)
            try await expectExactlyOnce(fake, count: 60)
        }
    }

    @Test func timeoutsAreRetriedAndALateStoreCountsAsDone() async throws {
        let input = events(40)
        let options = Self.options {
            $0.stallProbability = 0.2
            $0.stallDuration = .milliseconds(1500)
        }
        try await PlainFake.withRunning(options: options) { fake in
            var configuration = try configuration(fake, input: input)
            configuration.requestTimeout = .milliseconds(300)
            let report = try await run(configuration)
            #expect(report.verdict == .complete)
            #expect(report.run.created + report.run.duplicates == 40)
            #expect(await fake.store.stalled > 0)
            #expect(report.run.retries >= 1)
            // A stalled answer stores its event late: once the stand-in has answered everything,
            // check that it doubled nothing.
            await Self.waitUntilAnswered(fake)
            try await expectExactlyOnce(fake, count: 40)
        }
    }

    @Test func aConnectionDroppedAfterStoringEndsAsDuplicateNotDouble() async throws {
        let input = events(60)
        try await PlainFake.withRunning(options: Self.options { $0.dropAfterStoreProbability = 0.3 }) { fake in
            let report = try await run(try configuration(fake, input: input))
            #expect(report.verdict == .complete)
            let dropped = await fake.store.dropped
            #expect(dropped > 0)
            // Each dropped answer is retried once and recognised by its externalId.
            #expect(report.run.duplicates == dropped)
            #expect(report.run.created == 60 - dropped)
            try await expectExactlyOnce(fake, count: 60)
        }
    }

    @Test func rateLimitAnswersWaitForTheResetAndResend() async throws {
        let input = events(60)
        let options = Self.options { $0.randomRateLimitProbability = 0.15 }
        try await PlainFake.withRunning(options: options) { fake in
            let report = try await run(try configuration(fake, input: input))
            #expect(report.verdict == .complete)
            let refused = await fake.store.rateLimited
            #expect(refused > 0)
            #expect(report.run.rateLimited == refused)
            #expect(report.run.requests == 60 + refused)
            try await expectExactlyOnce(fake, count: 60)
        }
    }

    @Test func aSmallWindowIsPacedByTheHeaders() async throws {
        // 20 requests per 1 s window, while --rate would allow 1,000 per second.
        let input = events(60)
        let options = Self.options { $0.rateLimit = 20 }
        try await PlainFake.withRunning(options: options) { fake in
            let report = try await run(try configuration(fake, input: input))
            #expect(report.verdict == .complete)
            let refused = await fake.store.rateLimited
            let requests = await fake.store.requests
            #expect(refused <= 3, "pacing by x-ratelimit-* leaves few 429s; got \(refused) of \(requests)")
            try await expectExactlyOnce(fake, count: 60)
        }
    }

    @Test func oneRequestInFlightAtATimeStillFinishes() async throws {
        // The concurrency limit falls to 1 after 429s; --concurrency 1 starts there.
        let input = events(20)
        try await PlainFake.withRunning(options: Self.options { _ in }) { fake in
            var configuration = try configuration(fake, input: input)
            configuration.concurrency = 1
            let report = try await run(configuration)
            #expect(report.verdict == .complete)
            #expect(report.run.created == 20)
        }
    }

    @Test func aForbiddenKeyStopsTheRunAndFailsNothing() async throws {
        let input = events(30)
        try await PlainFake.withRunning(options: Self.options { $0.forbidAll = true }) { fake in
            let report = try await run(try configuration(fake, input: input))
            #expect(report.verdict == .authenticationRefused)
            #expect(report.authenticationFailure?.category == .forbidden)
            #expect(report.authenticationFailure?.code == "FORBIDDEN")
            #expect(report.inputs.failed == 0)
            #expect(report.run.requests <= 8, "at most what was in flight")
        }
    }

    @Test func outOfAttemptsLeavesRecordsPendingNotFailed() async throws {
        let input = events(10)
        try await PlainFake.withRunning(options: Self.options { $0.serverErrorProbability = 1 }) { fake in
            var configuration = try configuration(fake, input: input)
            configuration.maxAttempts = 3
            let report = try await run(configuration)
            #expect(report.verdict == .stoppedEarly)
            #expect(report.inputs.pending == 10)
            #expect(report.inputs.failed == 0)
            #expect(report.run.requests == 30, "3 attempts for each of 10 records")
            let failure = try Journal(path: journalPath, readOnly: true).failures().first
            #expect(failure == nil, "pending records are not failures")
        }
        // Plain is back: the next run sends the pending records.
        try await PlainFake.withRunning(options: Self.options { _ in }) { fake in
            let report = try await run(try configuration(fake, input: input))
            #expect(report.verdict == .complete)
            #expect(report.run.created == 10)
            try await expectExactlyOnce(fake, count: 10)
        }
    }

    @Test func plainUnavailablePastTheBudgetStopsTheRunResumably() async throws {
        let input = events(200)
        try await PlainFake.withRunning(options: Self.options { $0.serverErrorProbability = 1 }) { fake in
            var configuration = try configuration(fake, input: input)
            configuration.giveUpAfter = .milliseconds(400)
            configuration.maxAttempts = 1000
            let report = try await run(configuration)
            #expect(report.verdict == .stoppedEarly)
            #expect(report.stopReason == .plainUnavailable)
            #expect(report.inputs.failed == 0)
            #expect(report.inputs.done == 0)
            #expect(report.run.recordsRead < 200, "stops reading once Plain counts as unavailable")
        }
    }

    @Test func everyFaultAtOnceStillLandsEveryEventExactlyOnce() async throws {
        let input = events(300)
        let options = Self.options {
            $0.rateLimit = 150
            $0.serverErrorProbability = 0.08
            $0.internalErrorProbability = 0.08
            $0.randomRateLimitProbability = 0.03
            $0.dropAfterStoreProbability = 0.08
            $0.stallProbability = 0.02
            $0.stallDuration = .milliseconds(800)
            $0.latency = .milliseconds(5)
        }
        try await PlainFake.withRunning(options: options) { fake in
            var configuration = try configuration(fake, input: input)
            configuration.requestTimeout = .milliseconds(400)
            configuration.concurrency = 16
            let report = try await run(configuration)
            #expect(report.verdict == .complete)
            #expect(report.run.created + report.run.duplicates == 300)
            #expect(report.run.retries > 0)
            #expect(await fake.store.dropped > 0)
            await Self.waitUntilAnswered(fake)
            try await expectExactlyOnce(fake, count: 300)
        }
    }
}

/// Plain's refusals of a record, sent past our own checks: failed with Plain's answer, never retried.
@Suite struct PermanentRefusalTests {
    let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func deliver(_ input: JSONObject, options: PlainFakeOptions = PlainFakeOptions()) async throws -> (Uploader.Report, Int) {
        try await PlainFake.withRunning(options: options) { fake in
            let client = PlainClient(
                endpoint: try PlainEndpoint(fake.endpoint),
                apiKey: try APIKey(fake.options.apiKey),
                maximumConnections: 1,
                logger: quiet
            )
            let uploader = Uploader(
                client: client,
                limiter: RateLimiter(requestsPerMinute: 60_000),
                policy: RetryPolicy(baseDelay: .milliseconds(1)),
                monitor: RunMonitor(),
                giveUpAfter: .seconds(60),
                logger: quiet
            )
            let report = await uploader.deliver(EventInput(kind: .customer, input: input, externalId: nil))
            await client.shutdown()
            return (report, await fake.store.requests)
        }
    }

    func expectFailed(
        _ report: Uploader.Report,
        category: PlainFailure.Category,
        code: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .failed(let failure) = report.delivery else {
            Issue.record("expected a failure, got \(report.delivery)", sourceLocation: sourceLocation)
            return
        }
        #expect(failure.category == category, sourceLocation: sourceLocation)
        #expect(failure.code == code, sourceLocation: sourceLocation)
        #expect(failure.requestId != nil, "Plain's request id is kept", sourceLocation: sourceLocation)
        #expect(report.attempts == 1, "never retried", sourceLocation: sourceLocation)
    }

    @Test func badUserInputIsFailedAtOnce() async throws {
        // A title of the wrong type: GraphQL refuses the variables with HTTP 400.
        let input = JSONObject([
            "customerIdentifier": .object(JSONObject(["emailAddress": .string("a@example.com")])),
            "title": .number("42"), "components": .array([]),
        ])
        let (report, requests) = try await deliver(input)
        expectFailed(report, category: .validation, code: "BAD_USER_INPUT")
        #expect(requests == 1)
    }

    @Test func aValidationErrorIsFailedWithItsField() async throws {
        let input = JSONObject([
            "customerIdentifier": .object(JSONObject(["emailAddress": .string("a@example.com")])),
            "title": .string(""), "components": .array([]),
        ])
        let (report, requests) = try await deliver(input)
        expectFailed(report, category: .validation, code: "input_validation")
        if case .failed(let failure) = report.delivery { #expect(failure.fields.first?.field == "title") }
        #expect(requests == 1)
    }

    @Test func anUnknownCustomerIsNotFound() async throws {
        var options = PlainFakeOptions()
        options.knownCustomers = []
        let input = JSONObject([
            "customerIdentifier": .object(JSONObject(["emailAddress": .string("nobody@example.com")])),
            "title": .string("hello"), "components": .array([]),
        ])
        let (report, requests) = try await deliver(input, options: options)
        expectFailed(report, category: .notFound, code: "not_found")
        #expect(requests == 1)
    }
}
