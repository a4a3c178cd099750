/// Where an upstream connection goes, and how: pooled connections are only ever reused for the
/// same key, so a TLS connection never serves a plain integration, nor an unverified one a
/// verified integration.
struct UpstreamKey: Hashable, Sendable {
    var host: String
    var port: Int
    var transport: Transport = .plain

    /// What runs over the TCP connection.
    enum Transport: Hashable, Sendable {
        /// HTTP/1.1 in the clear (`http://` integrations).
        case plain
        /// HTTP/1.1 over TLS, the backend's certificate verified against the system trust roots
        /// and `--upstream-ca-file` (`https://` integrations).
        case tls
        /// HTTP/1.1 over TLS without verifying the certificate (`tlsConfig.insecureSkipVerification`).
        case tlsUnverified
    }
}
