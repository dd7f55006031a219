/// What an operator can change to get past a problem, named as a setting rather than spelled as
/// an interface spells it: the engine states the fact and names this; the executable says what
/// to do in its own words (its flags and environment variables). Logs carry it as metadata under
/// `Remedy.metadataKey`.
public enum Remedy: String, Sendable, Hashable, CaseIterable {
    /// The endpoint may not be Plain's GraphQL API.
    case checkEndpoint
    /// The certificate is for another host than the endpoint's.
    case checkCertificateHost
    /// A proxy or a company CA re-signs TLS: its certificate must be trusted.
    case trustCertificateAuthority
    /// The CA file given cannot be read.
    case readableCAFile
    /// No API key was given.
    case giveAPIKey
    /// The time allowed for one answer ran out.
    case requestTimeout
    /// The time allowed without a successful answer ran out.
    case giveUpAfter
    /// The time allowed without a successful answer ran out, each request within its own limit.
    case giveUpAfterOrRequestTimeout
    /// Fix what Plain refuses, then send the failed records again.
    case retryFailed
    /// There is no journal where one was looked for.
    case giveJournal
    /// The journal cannot be used: keep it, start another.
    case newJournal
    /// The mapping changed for sources already begun.
    case resolveMappingChange

    /// The log metadata key a remedy is carried under.
    public static let metadataKey = "remedy"
}
