/// What must be settled in Plain before an event can be sent (SPEC §9).
public enum Prerequisite: Sendable, Hashable {
    /// The event's customer must exist: `upsert` is the `UpsertCustomerInput` that makes sure
    /// of it (`identifier`, `onCreate`, `onUpdate: {}`), sent once per customer per journal.
    case customer(CustomerIdentifier, upsert: JSONObject)
    /// The event's thread is named by the workspace's own id within a customer: the thread
    /// (and its customer) are looked up, and the event takes Plain's thread id.
    case thread(customer: CustomerIdentifier, externalId: String)
}
