import ArgumentParser
import PlainImport

/// The exit codes of SPEC §3, in one place.
enum ExitStatus: Int32 {
    case complete = 0
    case someRecordsUnsettled = 1
    case usageOrInput = 2
    case stoppedEarly = 3
    case journalLocked = 4
    case authenticationRefused = 5

    init(_ verdict: ImportReport.Verdict) {
        switch verdict {
        case .complete: self = .complete
        case .someRecordsUnsettled: self = .someRecordsUnsettled
        case .stoppedEarly: self = .stoppedEarly
        case .authenticationRefused: self = .authenticationRefused
        case .configurationError: self = .usageOrInput
        case .journalHeld: self = .journalLocked
        }
    }

    init(_ error: ImportError) { self.init(error.verdict) }

    var exitCode: ExitCode { ExitCode(rawValue) }
}
