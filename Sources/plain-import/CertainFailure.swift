/// What a run's uniform permanent failure likely means and what to do (SPEC §12.16).
enum CertainFailure {
    /// Advice for an operator whose run's first answers all failed with `code`.
    static func advice(for code: String) -> String {
        switch code {
        case "not_found", "customer_not_found":
            "the customers do not exist in Plain. Add an upsertCustomer: section to the mapping to create them first "
                + "(docs/mapping.md: customers first), or check that the customer identifiers are Plain's"
        case "thread_not_found":
            "the threads do not exist in Plain for these customers. Check thread: externalId and customer: in the mapping"
        case "input_validation", "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED":
            "Plain refuses the events' content. See why with `plain-import failures`, fix the mapping, and run again with --retry-failed"
        default:
            if code.hasPrefix("customer.") {
                "Plain refuses to create the customers. See why with `plain-import failures` and fix upsertCustomer: in the mapping"
            } else {
                "every event fails the same way. See why with `plain-import failures` before sending the rest"
            }
        }
    }
}
