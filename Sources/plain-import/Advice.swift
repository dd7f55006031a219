import Logging
import PlainImport

/// The executable's words for what the engine says an operator can change: the engine states
/// the fact and names a `Remedy`; this says it with the flags and variables of this CLI.
enum Advice {
    /// What to do, with the words that join it to the fact it follows.
    static func suffix(_ remedy: Remedy) -> String {
        switch remedy {
        case .checkEndpoint: ": check --endpoint (or PLAIN_API_URL)"
        case .checkCertificateHost:
            ". Check that --endpoint (or PLAIN_API_URL) names the host the certificate is for; a TLS-inspecting proxy "
                + "must re-sign for that host, with its CA passed as --ca-file FILE (PEM) or SSL_CERT_FILE"
        case .trustCertificateAuthority:
            ". If a proxy or your company re-signs TLS, pass its CA certificate with --ca-file FILE (PEM) or SSL_CERT_FILE"
        case .readableCAFile: " (--ca-file or SSL_CERT_FILE)"
        case .giveAPIKey: ": set PLAIN_API_KEY or pass --api-key-file FILE"
        case .requestTimeout: " (--request-timeout)"
        case .giveUpAfter: " (--give-up-after)"
        case .giveUpAfterOrRequestTimeout: " (--give-up-after and --request-timeout)"
        case .retryFailed: ". See why with `plain-import failures`, fix the mapping, and run again with --retry-failed"
        case .giveJournal: " (run an import first, or pass --journal FILE)"
        case .newJournal: "; keep a copy and start a new one with --journal FILE"
        case .resolveMappingChange: " Restore the old mapping, use a new --journal, or pass --force if the change is intended."
        }
    }

    /// How to give what reading an input needed.
    static func suffix(_ need: InputError.Need) -> String {
        switch need {
        case .format: "; use --format csv, tsv, ndjson or json"
        case .mappingFile: " (--mapping FILE)"
        case .encoding(let encoding): "; try --encoding \(encoding.rawValue)"
        }
    }

    /// How to read an input as a hint guesses it.
    static func suffix(_ suggestion: ReadingHint.Suggestion) -> String {
        switch suggestion {
        case .encoding(let encoding): "; try --encoding \(encoding.rawValue)"
        case .format(let format): ": try --format \(format.rawValue)"
        }
    }

    /// A reading hint as an operator reads it: the guess, then how to read the input so.
    static func say(_ hint: ReadingHint) -> String { hint.message + suffix(hint.suggestion) }

    /// The suggestion a log entry's metadata carries (see `ReadingHint.metadata`), if any.
    static func suggestion(in metadata: Logger.Metadata) -> ReadingHint.Suggestion? {
        if case .string(let name)? = metadata[ReadingHint.encodingMetadataKey], let encoding = TextEncoding(rawValue: name) {
            return .encoding(encoding)
        }
        if case .string(let name)? = metadata[ReadingHint.formatMetadataKey], let format = InputFormat(rawValue: name) {
            return .format(format)
        }
        return nil
    }

    /// `message` followed by what to do about `remedy`, if anything.
    static func appending(_ message: String, _ remedy: Remedy?) -> String {
        remedy.map { message + suffix($0) } ?? message
    }

    /// `error` as an operator reads it: the engine's fact, then what to do.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as ImportError:
            if case .input(let input) = error { return "\(error)" + (input.need.map(suffix) ?? "") }
            return appending("\(error)", error.remedy)
        case let error as InputError: return "\(error)" + (error.need.map(suffix) ?? "")
        case let error as ConfigurationError: return appending("\(error)", error.remedy)
        case let error as JournalError: return appending("\(error)", error.remedy)
        case let error as PlainFailure: return appending("\(error)", error.remedy)
        default: return "\(error)"
        }
    }
}
