import Foundation
import Testing

/// A test CA and server certificates signed by it, made at test time with the `openssl`
/// command-line tool (nothing generated is committed). Tests that need them are tagged
/// `.enabled(if: TestCertificates.openssl != nil, TestCertificates.unavailable)`.
struct TestCertificates {
    /// The `openssl` executable, if the machine has one.
    static let openssl: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let unavailable: Comment = "needs the openssl command-line tool to make a test CA and server certificate"

    /// The CA's certificate (PEM), to pass as `--ca-file`.
    let caFile: String
    /// A certificate for `localhost` and 127.0.0.1 signed by the CA, and its key.
    let serverChain: String
    let serverKey: String
    /// A certificate signed by the same CA for another host only (`other.example`), and its key.
    let otherHostChain: String
    let otherHostKey: String

    /// Makes the CA and both certificates in `directory`.
    init(in directory: URL) throws {
        guard let openssl = Self.openssl else { throw CertificateError(message: "\(Self.unavailable)") }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CertificateError(message: "openssl \(arguments.joined(separator: " ")) failed: \(text)")
            }
        }
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(
            ["req", "-x509"] + ecKey + [
                "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=plain-import test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ]
        )
        func server(_ name: String, altNames: String) throws {
            try run(["req"] + ecKey + ["-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(name)"])
            let extensions = """
                subjectAltName=\(altNames)
                basicConstraints=CA:FALSE
                keyUsage=critical,digitalSignature
                extendedKeyUsage=serverAuth

                """
            try Data(extensions.utf8).write(to: URL(fileURLWithPath: path("\(name).ext")))
            try run([
                "x509", "-req", "-in", path("\(name).csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
                "-out", path("\(name).pem"), "-days", "2", "-extfile", path("\(name).ext"),
            ])
        }
        try server("localhost", altNames: "DNS:localhost,IP:127.0.0.1")
        try server("other", altNames: "DNS:other.example")
        caFile = path("ca.pem")
        serverChain = path("localhost.pem")
        serverKey = path("localhost.key")
        otherHostChain = path("other.pem")
        otherHostKey = path("other.key")
    }

    struct CertificateError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
