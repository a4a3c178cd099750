import NIOSSL

/// The TLS client contexts of `https://` integrations, built once (a context loads trust roots and
/// is expensive) and shared by every event loop's pool: one that verifies the backend's
/// certificate against the system trust roots plus an optional PEM bundle (`--upstream-ca-file`),
/// and one that does not (`tlsConfig.insecureSkipVerification`). Both speak TLS 1.2 or later and
/// offer only `http/1.1` by ALPN.
public final class UpstreamTLS: Sendable {
    let verified: NIOSSLContext
    let unverified: NIOSSLContext

    /// The contexts, trusting the certificates of the PEM file at `caFile` besides the system's.
    /// Throws when the file cannot be read or holds no certificate.
    public init(caFile: String? = nil) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.applicationProtocols = ["http/1.1"]
        if let caFile {
            let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
            guard !certificates.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
            configuration.additionalTrustRoots = [.certificates(certificates)]
        }
        verified = try NIOSSLContext(configuration: configuration)
        configuration.certificateVerification = .none
        configuration.additionalTrustRoots = []
        unverified = try NIOSSLContext(configuration: configuration)
    }

    /// The context for connections of `transport` (nil for plain ones).
    func context(for transport: UpstreamKey.Transport) -> NIOSSLContext? {
        switch transport {
        case .plain: nil
        case .tls: verified
        case .tlsUnverified: unverified
        }
    }
}
