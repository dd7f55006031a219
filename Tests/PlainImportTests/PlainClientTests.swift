import AsyncHTTPClient
import NIOSSL
import Testing

@testable import PlainImport

/// How a request that got no answer is classified (SPEC §12.17), without sockets: the
/// certificate and the proxy's 407 stop the run, other proxy trouble is transient.
@Suite struct PlainClientTests {
    let proxy = ProxyRoute.proxy(ProxyServer(host: "proxy.corp", port: 3128, username: "importer", password: "hunter2"))

    @Test func aHostnameMismatchIsAnUntrustedCertificateNamingTheHost() {
        let failure = PlainClient.transportFailure(NIOSSLExtraError.failedToValidateHostname, host: "core-api.uk.plain.com")
        #expect(failure.category == .untrustedCertificate)
        #expect(failure.message.contains("core-api.uk.plain.com"))
        #expect(failure.message.contains("does not match the host"))
        #expect(failure.remedy == .checkCertificateHost, "the executable says what to check")
        #expect(RetryPolicy().decide(after: failure, attempt: 1) == .stopRun(.untrustedCertificate))
    }

    @Test func aProxy407StopsTheRunWithoutShowingThePassword() {
        let failure = PlainClient.transportFailure(HTTPClientError.proxyAuthenticationRequired, host: "core-api.uk.plain.com", route: proxy)
        #expect(failure.category == .proxyAuthenticationRequired)
        #expect(failure.message.contains("http://importer:***@proxy.corp:3128"), "\(failure.message)")
        #expect(!failure.description.contains("hunter2"))
        #expect(RetryPolicy().decide(after: failure, attempt: 1) == .stopRun(.authenticationRefused))
    }

    @Test func otherProxyAndTLSTroubleIsRetried() {
        let policy = RetryPolicy()
        for error: any Error in [HTTPClientError.invalidProxyResponse, HTTPClientError.httpProxyHandshakeTimeout, NIOSSLError.uncleanShutdown] {
            let failure = PlainClient.transportFailure(error, host: "core-api.uk.plain.com", route: proxy)
            #expect(failure.category == .transport, "\(error)")
            #expect(!failure.description.contains("hunter2"))
            if case .retry = policy.decide(after: failure, attempt: 1) {} else { Issue.record("\(error) should be retried") }
        }
    }
}
