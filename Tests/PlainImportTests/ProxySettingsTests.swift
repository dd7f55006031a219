import Testing

@testable import PlainImport

/// The route decision of SPEC §12.17, from the environment and the endpoint URL, without sockets.
@Suite struct ProxySettingsTests {
    let plain = "https://core-api.uk.plain.com/graphql/v1"

    func route(_ environment: [String: String], _ url: String) throws -> ProxyRoute {
        try ProxySettings(environment: environment).route(for: url)
    }

    @Test func noVariablesGoDirect() throws {
        #expect(try route([:], plain) == .direct)
        #expect(try route(["HTTPS_PROXY": "  "], plain) == .direct, "an empty variable is no proxy")
    }

    @Test func httpsUsesHTTPSProxyAndHTTPUsesHTTPProxy() throws {
        let environment = ["HTTPS_PROXY": "http://secure:3128", "HTTP_PROXY": "http://clear:8080"]
        #expect(try route(environment, plain) == .proxy(ProxyServer(host: "secure", port: 3128)))
        #expect(try route(environment, "http://127.0.0.1:8080/graphql/v1") == .proxy(ProxyServer(host: "clear", port: 8080)))
        #expect(try route(["HTTP_PROXY": "http://clear:8080"], plain) == .direct, "HTTP_PROXY is not for https")
        #expect(try route(["HTTPS_PROXY": "http://secure:3128"], "http://localhost:1/x") == .direct)
    }

    @Test func lowercaseComesFirst() throws {
        let environment = ["HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2", "NO_PROXY": "plain.com", "no_proxy": "other.org"]
        #expect(try route(environment, plain) == .proxy(ProxyServer(host: "lower", port: 2)), "no_proxy (lowercase) wins over NO_PROXY")
        #expect(try route(environment, "https://api.other.org/x") == .direct)
    }

    @Test func proxyURLsAsCurlReadsThem() throws {
        let bare = try ProxyServer(url: "proxy.corp", variable: "HTTPS_PROXY")
        #expect(bare == ProxyServer(host: "proxy.corp", port: 1080), "no scheme: http; no port: curl's 1080")
        let full = try ProxyServer(url: "http://us%65r:p%40ss%3Aw0rd@proxy.corp:3128/", variable: "HTTPS_PROXY")
        #expect(full.host == "proxy.corp" && full.port == 3128)
        #expect(full.basicCredentials?.username == "user")
        #expect(full.basicCredentials?.password == "p@ss:w0rd", "percent-decoded")
        #expect("\(full)" == "http://user:***@proxy.corp:3128")
        #expect("\(ProxyRoute.proxy(full))" == "http://user:***@proxy.corp:3128", "the password is never shown")
        #expect("\(ProxyRoute.direct)" == "direct")
        #expect(!String(reflecting: full).contains("p@ss") && !String(reflecting: ProxyRoute.proxy(full)).contains("p@ss"))
        var dumped = ""
        dump(try ProxySettings(environment: ["HTTPS_PROXY": "http://user:p%40ss@proxy.corp:3128"]), to: &dumped)
        #expect(!dumped.contains("p@ss"), "not even in a dump: \(dumped)")
        let v6 = try ProxyServer(url: "http://[::1]:3128", variable: "HTTPS_PROXY")
        #expect(v6.host == "::1" && "\(v6)" == "http://[::1]:3128")
        #expect(throws: ConfigurationError.self) { try ProxyServer(url: "socks5://proxy:1080", variable: "HTTPS_PROXY") }
        #expect(throws: ConfigurationError.self) { try ProxySettings(environment: ["https_proxy": "http://"]) }
        do {
            _ = try ProxySettings(environment: ["https_proxy": "socks5://user:hunter2@proxy:1080"])
            Issue.record("a SOCKS proxy is refused")
        } catch {
            #expect("\(error)".contains("https_proxy"), "names the variable")
            #expect(!"\(error)".contains("hunter2"), "never the password")
        }
    }

    @Test func noProxyMatchesHostsDomainsAndStar() throws {
        func bypassed(_ list: String, _ host: String) throws -> Bool {
            try ProxySettings(environment: ["HTTPS_PROXY": "http://p:1", "NO_PROXY": list]).bypasses(host: host)
        }
        #expect(try bypassed("*", "core-api.uk.plain.com"))
        #expect(try bypassed("plain.com", "core-api.uk.plain.com"), "a domain suffix")
        #expect(try bypassed(".plain.com", "core-api.uk.plain.com"), "with a leading dot")
        #expect(try bypassed("plain.com", "plain.com"))
        #expect(try bypassed(".plain.com", "plain.com"), "curl: a leading dot also matches the domain itself")
        #expect(try bypassed("a.example, PLAIN.COM ,b.example", "Core-API.uk.plain.com"), "spaces and case do not matter")
        #expect(try bypassed("plain.com:443", "core-api.uk.plain.com"), "ports are ignored")
        #expect(try bypassed("127.0.0.1", "127.0.0.1"))
        #expect(try bypassed("[::1]:8080", "[::1]"))
        #expect(try !bypassed("lain.com", "core-api.uk.plain.com"), "only whole labels")
        #expect(try !bypassed("uk.plain.com.evil", "core-api.uk.plain.com"))
        #expect(try !bypassed("", "plain.com"))
        #expect(try !bypassed("*.plain.com", "core-api.uk.plain.com"), "curl has no wildcard inside an entry")
        let settings = try ProxySettings(environment: ["HTTPS_PROXY": "http://p:1", "NO_PROXY": "plain.com"])
        #expect(settings.route(for: plain) == .direct)
        #expect(settings.route(for: "https://plain.example/graphql") == .proxy(ProxyServer(host: "p", port: 1)))
    }
}
