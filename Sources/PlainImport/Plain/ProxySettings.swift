import Foundation

/// The proxy settings of the environment, read as curl reads them (SPEC §12.17):
/// `https_proxy` / `HTTPS_PROXY` for https URLs, `http_proxy` / `HTTP_PROXY` for http ones
/// (the lowercase one first), and `no_proxy` / `NO_PROXY` to bypass them. Pure: it decides the
/// route from the environment and the URL, and opens no socket.
public struct ProxySettings: Sendable, Hashable {
    /// The proxy for https URLs, if any.
    public let httpsProxy: ProxyServer?
    /// The proxy for http URLs, if any.
    public let httpProxy: ProxyServer?
    /// `NO_PROXY` entries, lowercased, without leading dots or ports; `*` bypasses every host.
    public let noProxy: [String]

    /// Settings that route everything directly.
    public init() {
        httpsProxy = nil
        httpProxy = nil
        noProxy = []
    }

    /// Reads the variables from `environment`; a proxy URL that cannot be used is a configuration error.
    public init(environment: [String: String]) throws(ConfigurationError) {
        httpsProxy = try Self.server(environment, "https_proxy", "HTTPS_PROXY")
        httpProxy = try Self.server(environment, "http_proxy", "HTTP_PROXY")
        let list = Self.value(environment, "no_proxy", "NO_PROXY")?.value ?? ""
        noProxy = list.split(separator: ",").compactMap(Self.noProxyEntry)
    }

    /// The route for `url` (an endpoint URL): direct when no proxy is set for its scheme or
    /// `NO_PROXY` names its host.
    public func route(for url: String) -> ProxyRoute {
        guard let components = URLComponents(string: url), let host = components.host else { return .direct }
        let server: ProxyServer?
        switch components.scheme?.lowercased() {
        case "https": server = httpsProxy
        case "http": server = httpProxy
        default: server = nil
        }
        guard let server, !bypasses(host: host) else { return .direct }
        return .proxy(server)
    }

    /// Whether `NO_PROXY` names `host`: `*`, the host itself, or a domain it is in (with or
    /// without a leading dot). Ports are ignored; case does not matter.
    public func bypasses(host: String) -> Bool {
        let name = Self.bareHost(host)
        return noProxy.contains { entry in
            entry == "*" || name == entry || name.hasSuffix("." + entry)
        }
    }

    private static func value(_ environment: [String: String], _ lower: String, _ upper: String) -> (name: String, value: String)? {
        for name in [lower, upper] {
            if let value = environment[name], !value.trimmingSpaces().isEmpty { return (name, value) }
        }
        return nil
    }

    private static func server(_ environment: [String: String], _ lower: String, _ upper: String) throws(ConfigurationError) -> ProxyServer? {
        guard let (name, value) = value(environment, lower, upper) else { return nil }
        return try ProxyServer(url: value, variable: name)
    }

    /// One `NO_PROXY` entry without spaces, leading dot or port; nil when empty.
    private static func noProxyEntry(_ raw: Substring) -> String? {
        var entry = String(raw).trimmingSpaces().lowercased()
        if entry == "*" { return entry }
        if entry.hasPrefix("[") {
            // [v6]:port or [v6]
            if let close = entry.firstIndex(of: "]") { entry = String(entry[entry.index(after: entry.startIndex)..<close]) }
        } else if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
            entry = String(entry[..<colon])
        }
        while entry.hasPrefix(".") { entry.removeFirst() }
        while entry.hasSuffix(".") { entry.removeLast() }
        return entry.isEmpty ? nil : entry
    }

    private static func bareHost(_ host: String) -> String {
        var name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        while name.hasSuffix(".") { name.removeLast() }
        return name
    }
}
