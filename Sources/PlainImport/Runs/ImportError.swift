/// Why an import could not start: found before anything was sent.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    case configuration(ConfigurationError)
    case mapping(MappingError)
    case input(InputError)
    case journal(JournalError)
    /// The mapping changed for sources already begun (SPEC §5); `--force` goes on anyway.
    case mappingChanged(sources: [String])

    /// The outcome of a run that could not start: another run holds the journal, or something
    /// must change first.
    public var verdict: ImportReport.Verdict {
        if case .journal(let error) = self, error.kind == .locked { return .journalHeld }
        return .configurationError
    }

    /// What the operator can change, when the executable has words for it.
    public var remedy: Remedy? {
        switch self {
        case .configuration(let error): error.remedy
        case .journal(let error): error.remedy
        case .mappingChanged: .resolveMappingChange
        case .mapping, .input: nil
        }
    }

    public var description: String {
        switch self {
        case .configuration(let error): "\(error)"
        case .mapping(let error): "mapping \(error)"
        case .input(let error): "input \(error)"
        case .journal(let error): "\(error)"
        case .mappingChanged(let sources):
            "the mapping changed since these sources were begun: \(sources.joined(separator: ", ")). "
                + "Derived externalIds would change and records could be imported twice."
        }
    }
}

extension ImportError {
    /// `error` as an import error: itself, or the input, journal or mapping error it is; any
    /// other error is an input error with its text.
    static func wrapping(_ error: any Error) -> ImportError {
        switch error {
        case let error as ImportError: error
        case let error as InputError: .input(error)
        case let error as JournalError: .journal(error)
        case let error as MappingError: .mapping(error)
        default: .input(InputError(path: "", reason: "\(error)"))
        }
    }
}
