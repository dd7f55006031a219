/// How requests reach an endpoint: directly, or through an HTTP proxy (CONNECT for https).
public enum ProxyRoute: Sendable, Hashable, CustomStringConvertible {
    /// Straight to the endpoint.
    case direct
    /// Through this HTTP proxy.
    case proxy(ProxyServer)

    /// Whether the route is a proxy with a user and password.
    public var hasCredentials: Bool {
        if case .proxy(let server) = self { return server.username != nil }
        return false
    }

    /// `direct`, or the proxy as `http://user:***@host:port`: safe to print.
    public var description: String {
        switch self {
        case .direct: "direct"
        case .proxy(let server): server.description
        }
    }
}
