import Foundation

/// A parsed mapping file (SPEC §4): how one record becomes one Plain event.
public struct Mapping: Sendable {
    /// How a customer event names its customer.
    public typealias CustomerKey = CustomerIdentifier.Key

    /// The `upsertCustomer:` section (SPEC §9): the customer created when it does not exist.
    public struct UpsertCustomer: Sendable {
        public var fullName: Template
        public var shortName: Template?
        /// Nil: the customer identifier's email.
        public var email: Template?
        /// Nil: the customer identifier's externalId.
        public var externalId: Template?
    }

    /// The `thread:` section (SPEC §9): a thread named by the workspace's own id.
    public struct ThreadReference: Sendable {
        public var externalId: Template
        public var customer: (key: CustomerKey, template: Template)
    }

    /// How a `user` component names the user.
    public enum UserKey: String, Sendable, Hashable {
        case emailAddress, userId
    }

    /// How a `workflowButton` names its workflow.
    public enum WorkflowKey: String, Sendable, Hashable {
        case workflowKey, workflowId
    }

    /// One component of the mapping, with its templates.
    public indirect enum Component: Sendable, Hashable {
        case text(Template, size: String?, color: String?)
        case plainText(Template, size: String?, color: String?)
        case spacer(size: String?)
        case divider(size: String?)
        case linkButton(label: Template, url: Template)
        case badge(label: Template, color: String?)
        case copyButton(value: Template, tooltip: Template?)
        case dateTime(Template)
        case user(UserKey, Template)
        case workflowButton(label: Template, key: WorkflowKey, identifier: Template)
        case row(main: [Component], aside: [Component])
    }

    /// A `where:` condition (SPEC §15.3): the rendered `value` must be one of `values` (or,
    /// when `negated`, none of them) for the record to be kept.
    public struct Condition: Sendable {
        public var value: Template
        public var values: Set<String>
        public var negated: Bool
    }

    /// Where the mapping was read from, for messages.
    public var file: String
    public var kind: EventKind
    public var customer: (key: CustomerKey, template: Template)?
    public var threadId: Template?
    /// Set for thread events named by their own id instead of `threadId`.
    public var thread: ThreadReference?
    /// Set when customers are made sure of before their events.
    public var upsertCustomer: UpsertCustomer?
    public var title: Template
    public var timestamp: Template?
    /// The zone of timestamps that carry none.
    public var timezone: TimeZone
    public var externalId: Template?
    public var csv: CSVOptions
    public var components: [Component]
    /// The `maps:` tables the `map` filter looks values up in, by name.
    public var maps: [String: [String: String]] = [:]
    /// The `where:` conditions; all must hold for a record to be kept (empty: every record).
    public var conditions: [Condition] = []
    /// `json: { records: "a.b" }`: the members leading to a JSON file's array of records
    /// (empty: the top-level array; SPEC §15.1).
    public var jsonRecords: [String] = []

    /// How the inputs' records lie, for the readers.
    public var layout: InputLayout { InputLayout(csv: csv, jsonRecords: jsonRecords) }
    /// Identifies the mapping's parsed content: equal for equal content, whatever the layout.
    public var fingerprint: String
}
