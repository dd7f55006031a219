/// The certificate the stand-in Plain serves HTTPS with: PEM files of the certificate chain
/// (the server's certificate first) and of its private key.
public struct PlainFakeTLS: Sendable, Hashable {
    /// PEM file of the certificate chain, the server's certificate first.
    public var certificateChainFile: String
    /// PEM file of the server certificate's private key.
    public var privateKeyFile: String
    /// The host name the endpoint URL uses (the certificate should name it).
    public var hostname: String

    /// Serves HTTPS with the certificate chain and key in these PEM files; the endpoint is
    /// `https://hostname:port/graphql/v1`.
    public init(certificateChainFile: String, privateKeyFile: String, hostname: String = "localhost") {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
        self.hostname = hostname
    }
}
