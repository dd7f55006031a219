import Foundation
import Testing

@testable import PlainImport

/// The AIMD controller of requests in flight (SPEC §7.10): halved on a 429, shrunk when latency
/// climbs, grown back, never past its ceiling nor below one.
@Suite struct ConcurrencyControllerTests {
    @Test func concurrencyHalvesOnA429AndGrowsBackToTheCeiling() {
        var controller = ConcurrencyController(ceiling: 8)
        controller.observe(latency: .milliseconds(10), rateLimited: true)
        #expect(controller.limit == 4)
        controller.observe(latency: .milliseconds(10), rateLimited: true)
        controller.observe(latency: .milliseconds(10), rateLimited: true)
        controller.observe(latency: .milliseconds(10), rateLimited: true)
        #expect(controller.limit == 1, "never below one")
        for _ in 0..<200 { controller.observe(latency: .milliseconds(10), rateLimited: false) }
        #expect(controller.limit == 8, "never above --concurrency")
    }

    @Test func concurrencyShrinksWhenLatencyClimbs() {
        var controller = ConcurrencyController(ceiling: 16)
        for _ in 0..<20 { controller.observe(latency: .milliseconds(50), rateLimited: false) }
        #expect(controller.limit == 16)
        for _ in 0..<10 { controller.observe(latency: .seconds(2), rateLimited: false) }
        #expect(controller.limit < 16)
    }
}
