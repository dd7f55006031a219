import Foundation
import NIOSSL

/// Certificates trusted besides the system's trust store: the PEM certificates of `--ca-file`
/// or `SSL_CERT_FILE` (a company's own CA, a TLS-inspecting proxy's), read once at start.
public struct TrustedCertificates: Sendable {
    /// The file they were read from; nil: none added, the system's trust store alone.
    public let path: String?
    let certificates: [NIOSSLCertificate]

    /// None added: the system's trust store alone.
    public init() {
        path = nil
        certificates = []
    }

    /// Reads every PEM certificate of `path`; a missing file, or one without a certificate, is
    /// a configuration error naming it.
    public init(pemFile path: String) throws(ConfigurationError) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigurationError("CA file \(path) cannot be read", remedy: .readableCAFile)
        }
        let loaded: [NIOSSLCertificate]
        do {
            loaded = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw ConfigurationError("CA file \(path) holds no readable PEM certificate (\(error))")
        }
        guard !loaded.isEmpty else {
            throw ConfigurationError("CA file \(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        self.path = path
        self.certificates = loaded
    }

    /// The TLS settings of a client: the system's trust store plus these certificates.
    var clientTLS: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if !certificates.isEmpty { tls.additionalTrustRoots = [.certificates(certificates)] }
        return tls
    }
}
