/// Customers the journal knows, by how they became known (SPEC §9 `status`).
public struct CustomerCounts: Sendable, Hashable {
    /// Created by `upsertCustomer`.
    public var created = 0
    /// Found existing, by a look-up or an upsert that changed nothing.
    public var existing = 0
    /// Refused by `upsertCustomer`, or not found by a look-up.
    public var failed = 0

    /// No customers.
    public init() {}
}
