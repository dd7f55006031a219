import Foundation

/// An HTTP proxy to reach Plain through, read from a proxy URL such as
/// `http://user:pass@proxy.example:3128`. Its password is never shown: it prints as
/// `http://user:***@proxy.example:3128`.
public struct ProxyServer: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// curl's port for a proxy URL that names none.
    public static let defaultPort = 1080

    /// The proxy's host name or address (IPv6 without brackets).
    public let host: String
    /// The proxy's port (1080 when the URL names none, as in curl).
    public let port: Int
    /// The user of Basic `Proxy-Authorization`, percent-decoded; nil when the URL names none.
    public let username: String?
    /// The password, percent-decoded; only for the `Proxy-Authorization` header.
    let password: String?

    /// A proxy at `host:port`, with Basic credentials when `username` is given.
    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Reads a proxy URL as curl does: `http://` or no scheme, optional `user:pass@`
    /// (percent-encoded), default port 1080. `variable` names where it came from, for the error.
    public init(url text: String, variable: String) throws(ConfigurationError) {
        let trimmed = text.trimmingSpaces()
        let withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            throw ConfigurationError("\(variable) is not a proxy URL (expected http://[user:password@]host[:port])")
        }
        let scheme = components.scheme?.lowercased() ?? "http"
        guard scheme == "http" else {
            throw ConfigurationError(
                "\(variable) uses \(scheme)://; only an HTTP proxy (http://host:port, CONNECT for https) is supported"
            )
        }
        let username = components.percentEncodedUser.map { $0.removingPercentEncoding ?? $0 }
        let password = components.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 }
        self.init(
            host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")),
            port: components.port ?? Self.defaultPort,
            username: username?.isEmpty == true && password == nil ? nil : username,
            password: password
        )
    }

    /// The value of a Basic `Proxy-Authorization` header, when the URL had credentials.
    var basicCredentials: (username: String, password: String)? {
        guard let username else { return nil }
        return (username, password ?? "")
    }

    /// `http://host:port`, or `http://user:***@host:port` with credentials: safe to print.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        guard let username else { return "http://\(shownHost):\(port)" }
        return "http://\(username):***@\(shownHost):\(port)"
    }

    /// The same as `description`: the password never shows, not even in a debugger or a dump.
    public var debugDescription: String { description }

    /// Host, port and user; never the password.
    public var customMirror: Mirror {
        Mirror(self, children: ["host": host, "port": port, "username": username as Any], displayStyle: .struct)
    }
}
