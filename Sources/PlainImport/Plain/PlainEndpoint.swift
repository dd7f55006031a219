import Foundation

/// Where Plain's GraphQL API is, checked: HTTPS, or plain HTTP only to a loopback host.
public struct PlainEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Plain's production endpoint.
    public static let production = "https://core-api.uk.plain.com/graphql/v1"

    public let url: String
    /// The URL's host, without brackets.
    public let host: String

    /// Checks `text`; an `http://` URL whose host is not loopback is refused.
    public init(_ text: String) throws(ConfigurationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError("endpoint \"\(text)\" is not a URL")
        }
        switch scheme {
        case "https": break
        case "http":
            guard Self.isLoopback(host) else {
                throw ConfigurationError(
                    "endpoint \(text) uses plain http:// to a host that is not loopback; use https:// (the API key must not travel in clear text)"
                )
            }
        default:
            throw ConfigurationError("endpoint \"\(text)\" must be https:// (or http:// to loopback)")
        }
        url = text
        self.host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    }

    /// Whether `host` is this machine: `localhost`, 127.0.0.0/8 or ::1.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public var description: String { url }
}
