import Foundation

/// A parsed mapping file (SPEC §4): how one record becomes one Plain event.
public struct Mapping: Sendable {
    /// How a customer event names its customer.
    public enum CustomerKey: String, Sendable, Hashable {
        case emailAddress, externalId, customerId
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

    /// Where the mapping was read from, for messages.
    public var file: String
    public var kind: EventKind
    public var customer: (key: CustomerKey, template: Template)?
    public var threadId: Template?
    public var title: Template
    public var timestamp: Template?
    /// The zone of timestamps that carry none.
    public var timezone: TimeZone
    public var externalId: Template?
    public var csv: CSVOptions
    public var components: [Component]
    /// Identifies the mapping's parsed content: equal for equal content, whatever the layout.
    public var fingerprint: String
}
