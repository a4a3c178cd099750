import Foundation
import NIOSSL
import PostgresNIO
import TurnpikeStore

/// A parsed `postgres://user:password@host:port/database?sslmode=...` URL (also `postgresql://`).
///
/// ```swift
/// let url = try PostgresDatabaseURL("postgres://turnpike:secret@db.internal:5432/turnpike?sslmode=require")
/// print(url)  // postgres://turnpike:***@db.internal:5432/turnpike?sslmode=require
/// ```
///
/// The user name and password may be percent-encoded. The port defaults to 5432 and the database to
/// the user name, as with `psql`. `sslmode` is `disable`, `prefer`, `require` (encrypted, certificate
/// not checked) or `verify-full` (certificate and host name checked); it defaults to `disable` for a
/// loopback host and `prefer` otherwise. Its `description` never shows the password.
public struct PostgresDatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    /// Parses a URL; throws a ``StoreError`` whose sentence says what is wrong (never the password).
    public init(_ text: String) throws {
        let scheme = text.prefix { $0 != ":" }.lowercased()
        guard scheme == "postgres" || scheme == "postgresql", text.dropFirst(scheme.count).hasPrefix("://") else {
            throw StoreError("A PostgreSQL database URL starts with postgres:// or postgresql://")
        }
        guard let components = URLComponents(string: text) else {
            throw StoreError("The PostgreSQL URL is malformed: expected postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError("The PostgreSQL URL names no host: expected postgres://user:password@host:port/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError("The PostgreSQL URL names no user: expected postgres://user:password@host:port/database")
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.user = user
        password = components.password
        port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw StoreError("The PostgreSQL URL's port must be between 1 and 65535") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw StoreError("The PostgreSQL URL's path must be a single database name") }
        database = path.isEmpty ? user : path
        sslMode = Self.isLoopback(self.host) ? .disable : .prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw StoreError("The PostgreSQL URL has an unsupported parameter '\(item.name)': only sslmode is understood")
            }
            guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw StoreError("The PostgreSQL URL's sslmode must be one of \(modes)")
            }
            sslMode = mode
        }
    }

    /// The URL with the password masked.
    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        let credentials = password == nil ? user : "\(user):***"
        return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// The connection settings for a `PostgresClient` or `PostgresConnection`.
    public var clientConfiguration: PostgresClient.Configuration {
        PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// The connection settings for a single `PostgresConnection` (migrations, test set-up).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: Self.unverified))
        case .require: tls = .require(try NIOSSLContext(configuration: Self.unverified))
        case .verifyFull: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// The same server with another database (tests create one per case).
    public func with(database: String) -> PostgresDatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    private var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case .disable: return .disable
        case .prefer: return .prefer(Self.unverified)
        case .require: return .require(Self.unverified)
        case .verifyFull: return .require(.makeClientConfiguration())
        }
    }

    /// Encryption without certificate checks (libpq's `prefer` and `require`).
    private static var unverified: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
