import Foundation

/// A setting that cannot work (endpoint, key, options), said in words for the operator.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
