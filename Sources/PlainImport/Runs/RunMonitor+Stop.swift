import Logging

extension RunMonitor {
    /// Stops the run for what the uploader found: the one place an upload's finding becomes the
    /// run's stop. Keeps the failure for the final message (a refused key, a certificate or
    /// endpoint to fix) and says the stop once, however many requests found it.
    func stop(_ stop: UploadStop, logger: Logger) {
        switch stop.reason {
        case .authenticationRefused: noteAuthenticationFailure(stop.failure)
        case .untrustedCertificate, .wrongEndpoint: noteCertificateFailure(stop.failure)
        default: break
        }
        guard requestStop(stop.reason), let message = stop.message else { return }
        logger.error("\(message); stopping", metadata: stop.remedy.map { [Remedy.metadataKey: .string($0.rawValue)] } ?? [:])
    }

    /// `outcome`, after stopping the run when it says no request of the run can succeed now.
    func heeding(_ outcome: Uploader.Outcome, logger: Logger) -> Uploader.Outcome {
        if case .stopsRun(let found) = outcome { stop(found, logger: logger) }
        return outcome
    }
}
