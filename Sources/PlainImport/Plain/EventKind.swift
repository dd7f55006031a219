/// Which Plain mutation an event goes through.
public enum EventKind: String, Sendable, Hashable, Codable {
    /// `createCustomerEvent`, identified by a customer.
    case customer
    /// `createThreadEvent`, identified by a thread id.
    case thread
}
