import Foundation
import Testing

@testable import PlainImport

/// The retry policy's pure rules: the decision per error class and the backoff ceilings (SPEC
/// §6, §7.9).
@Suite struct RetryPolicyTests {
    func failure(_ category: PlainFailure.Category, code: String = "x") -> PlainFailure {
        PlainFailure(category: category, code: code, message: "m")
    }

    @Test func eachClassGetsItsDecision() {
        let policy = RetryPolicy(maximumAttempts: 3)
        let half: (Double) -> Double = { $0 / 2 }
        #expect(policy.decide(after: failure(.validation), attempt: 1) == .fail)
        #expect(policy.decide(after: failure(.notFound), attempt: 1) == .fail)
        #expect(policy.decide(after: failure(.badRequest), attempt: 1) == .fail)
        #expect(policy.decide(after: failure(.unauthenticated), attempt: 1) == .stopRun(.authenticationRefused))
        #expect(policy.decide(after: failure(.forbidden), attempt: 1) == .stopRun(.authenticationRefused))
        #expect(
            policy.decide(after: failure(.proxyAuthenticationRequired), attempt: 1) == .stopRun(.authenticationRefused),
            "a proxy's 407 is a refused credential (exit 5)"
        )
        #expect(
            policy.decide(after: failure(.untrustedCertificate), attempt: 1) == .stopRun(.untrustedCertificate),
            "an untrusted certificate stops at once: retrying cannot help"
        )
        #expect(policy.decide(after: failure(.rateLimited), attempt: 9) == .waitForRateLimit, "429s do not use up attempts")
        for category in [PlainFailure.Category.internalError, .serverError, .transport, .malformedResponse] {
            #expect(policy.decide(after: failure(category), attempt: 1, random: half) == .retry(after: .milliseconds(250)))
            #expect(policy.decide(after: failure(category), attempt: 2, random: half) == .retry(after: .milliseconds(500)))
            #expect(policy.decide(after: failure(category), attempt: 3) == .giveUp)
        }
    }

    @Test func backoffDoublesUpToItsCap() {
        let policy = RetryPolicy()
        let ceiling: (Double) -> Double = { $0 }
        let ceilings = (1...10).map { policy.backoff(attempt: $0, random: ceiling).inSeconds }
        #expect(ceilings == [0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30])
        let zero: (Double) -> Double = { _ in 0 }
        #expect(policy.backoff(attempt: 4, random: zero) == .zero, "full jitter reaches down to zero")
    }
}
