import Logging

extension ImportConfiguration {
    /// The endpoint and the key, or the configuration error that keeps a run from starting
    /// (checked before anything else is done, and again when connecting).
    func connectionSettings() throws(ImportError) -> (endpoint: PlainEndpoint, apiKey: APIKey) {
        let endpoint: PlainEndpoint
        do { endpoint = try PlainEndpoint(self.endpoint) } catch { throw .configuration(error) }
        guard let apiKey else { throw .configuration(ConfigurationError("no API key", remedy: .giveAPIKey)) }
        return (endpoint, apiKey)
    }

    /// The client and uploader every command that talks to Plain uses: the same endpoint, key,
    /// pacing and retry rules as `import`.
    func connect(monitor: RunMonitor, logger: Logger) throws(ImportError) -> (client: PlainClient, uploader: Uploader) {
        let (endpoint, apiKey) = try connectionSettings()
        let trusted: TrustedCertificates
        do { trusted = try caFile.map { path throws(ConfigurationError) in try TrustedCertificates(pemFile: path) } ?? TrustedCertificates() } catch {
            throw .configuration(error)
        }
        let route = proxy.route(for: endpoint.url)
        logger.debug("route to \(endpoint.host): \(route); trusted certificates: system store\(trusted.path.map { " + \($0)" } ?? "")")
        let client = PlainClient(
            endpoint: endpoint,
            apiKey: apiKey,
            timeout: requestTimeout,
            maximumConnections: concurrency,
            route: route,
            trusted: trusted,
            logger: logger
        )
        let uploader = Uploader(
            client: client,
            limiter: RateLimiter(requestsPerMinute: rate, logger: logger),
            policy: RetryPolicy(maximumAttempts: maxAttempts, baseDelay: retryBaseDelay, maximumDelay: retryMaximumDelay),
            monitor: monitor,
            giveUpAfter: giveUpAfter,
            logger: logger
        )
        return (client, uploader)
    }
}
