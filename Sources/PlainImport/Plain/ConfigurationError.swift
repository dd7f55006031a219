import Foundation

/// A setting that cannot work (endpoint, key, options), said in words for the operator.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// What the operator can change, when the executable has words for it.
    public let remedy: Remedy?
    /// An error saying `message`; `remedy` names what would fix it.
    public init(_ message: String, remedy: Remedy? = nil) {
        self.message = message
        self.remedy = remedy
    }
    public var description: String { message }
}
