import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// A private certificate authority and a server certificate it signed for `127.0.0.1` and
/// `localhost`, made by the `openssl` command in a temporary directory, for TLS backends in tests.
/// The server context records the SNI names clients send.
public final class TestCertificates: Sendable {
    /// The directory holding `ca.pem`, `leaf.pem` and `leaf.key`.
    public let directory: URL
    private let names = Mutex<[String?]>([])

    /// The authority's certificate (PEM), to trust.
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }

    /// The SNI names (nil: none) of the handshakes served so far.
    public var serverNames: [String?] { names.withLock { $0 } }

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + curve + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Turnpike Test CA",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"])
        try openssl(["req"] + curve + ["-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=localhost"])
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".utf8)
            .write(to: directory.appendingPathComponent("leaf.ext"))
        try openssl(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext"])
    }

    /// A TLS server context serving the leaf certificate.
    func serverContext() throws -> NIOSSLContext {
        let path = { (name: String) in self.directory.appendingPathComponent(name).path }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(path("leaf.pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: path("leaf.key"), format: .pem)))
        configuration.sslContextCallback = { values, promise in
            self.names.withLock { $0.append(values.serverHostname) }
            promise.succeed(NIOSSLContextConfigurationOverride())
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Removes the files.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.first ?? "") failed"])
        }
    }
}
