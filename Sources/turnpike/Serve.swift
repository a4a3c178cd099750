import ArgumentParser
import Foundation
import Logging
import NIOCore
import TurnpikeGateway
import TurnpikeServer

/// `turnpike serve`: runs the gateway until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway (admin API) on the embedded SQLite store by default, or on PostgreSQL.",
        discussion: """
            Every option can also be set with an environment variable, shown in parentheses; the \
            command line wins. Admin credentials come from TURNPIKE_ADMIN_ACCESS_KEY_ID and \
            TURNPIKE_ADMIN_SECRET_ACCESS_KEY; when both are unset, the first start generates a pair \
            into <data-dir>/credentials (mode 0600, profile 'turnpike'). API key values are encrypted \
            with a data key from TURNPIKE_DATA_KEY (base64, 32 bytes) or <data-dir>/data.key.
            """
    )

    @Option(help: "Address to listen on (TURNPIKE_HOST).")
    var host: String = env("TURNPIKE_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (TURNPIKE_PORT).")
    var port: Int = env("TURNPIKE_PORT").flatMap(Int.init) ?? 4567

    @Option(name: .customLong("admin-port"), help: "Serve the admin API on this port of its own instead of beside the invoke path (TURNPIKE_ADMIN_PORT).")
    var adminPort: Int?

    @Option(help: "Event loop threads for the listeners; default: one per core (TURNPIKE_THREADS).")
    var threads: Int?

    @Flag(name: .customLong("access-log"), help: "Log one structured line per invoke request; key values never appear (TURNPIKE_ACCESS_LOG=1).")
    var accessLog: Bool = false

    @Flag(name: .customLong("rate-limit-headers"),
          help: "Send RateLimit-Policy / RateLimit on keyed answers and Retry-After on 429s, on every stage; off, a stage opts in with the stage variable rateLimitHeaders=true (TURNPIKE_RATE_LIMIT_HEADERS=1).")
    var rateLimitHeaders: Bool = false

    @Option(name: .customLong("data-dir"), help: "Directory for the database, data key and credentials; created if missing (TURNPIKE_DATA_DIR).")
    var dataDirectory: String = env("TURNPIKE_DATA_DIR") ?? "./turnpike-data"

    @Option(help: "Database: a SQLite path, sqlite:PATH or postgres://user:password@host:port/db; default <data-dir>/turnpike.sqlite (TURNPIKE_DATABASE, TURNPIKE_DATABASE_URL).")
    var database: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (TURNPIKE_LOG_LEVEL).")
    var logLevel: String = env("TURNPIKE_LOG_LEVEL") ?? "info"

    @Flag(name: .customLong("allow-any-credentials"),
          help: "DEVELOPMENT ONLY: accept any well-formed SigV4 signature on the admin API (TURNPIKE_ALLOW_ANY_CREDENTIALS=1).")
    var allowAnyCredentials: Bool = isOn(env("TURNPIKE_ALLOW_ANY_CREDENTIALS"))

    @Option(name: .customLong("upstream-ca-file"), help: "PEM bundle of CA certificates trusted for https:// backends besides the system's (TURNPIKE_UPSTREAM_CA_FILE).")
    var upstreamCAFile: String? = env("TURNPIKE_UPSTREAM_CA_FILE")

    @Option(name: .customLong("lambda-endpoint"), help: "Lambda Invoke API for AWS/AWS_PROXY integrations, e.g. http://127.0.0.1:3001; default each region's endpoint (TURNPIKE_LAMBDA_ENDPOINT).")
    var lambdaEndpoint: String? = env("TURNPIKE_LAMBDA_ENDPOINT")

    @Option(name: .customLong("header-timeout"), help: "Longest time from a request head's first byte to its end: 60s, 500ms, 2m or seconds; default 60s (TURNPIKE_HEADER_TIMEOUT).")
    var headerTimeout: String?

    @Option(name: .customLong("body-timeout"), help: "Longest pause between two reads of a request body; default 60s (TURNPIKE_BODY_TIMEOUT).")
    var bodyTimeout: String?

    @Option(name: .customLong("idle-timeout"), help: "How long a connection may stay open with no request in progress; default 75s (TURNPIKE_IDLE_TIMEOUT).")
    var idleTimeout: String?

    @Option(name: .customLong("write-timeout"), help: "How long a client may take none of an answer's bytes; default 60s (TURNPIKE_WRITE_TIMEOUT).")
    var writeTimeout: String?

    @Option(name: .customLong("max-connections"), help: "Open connections per listener; one more is closed at once; default 4096 (TURNPIKE_MAX_CONNECTIONS).")
    var maxConnections: String?

    var resolvedAdminPort: Int? { adminPort ?? env("TURNPIKE_ADMIN_PORT").flatMap(Int.init) }

    /// The listeners' limits from the options and the environment (the command line wins).
    func connectionLimits() throws -> ConnectionLimits {
        var limits = ConnectionLimits()
        func duration(_ option: String?, _ name: String, _ variable: String) throws -> Duration? {
            guard let text = option ?? env(variable) else { return nil }
            guard let value = DurationText.parse(text), value > .zero else {
                throw ValidationError("--\(name) must be a duration such as 60s, 500ms or 2m (got '\(text)')")
            }
            return value
        }
        if let value = try duration(headerTimeout, "header-timeout", "TURNPIKE_HEADER_TIMEOUT") { limits.headTimeout = value }
        if let value = try duration(bodyTimeout, "body-timeout", "TURNPIKE_BODY_TIMEOUT") { limits.bodyTimeout = value }
        if let value = try duration(idleTimeout, "idle-timeout", "TURNPIKE_IDLE_TIMEOUT") { limits.idleTimeout = value }
        if let value = try duration(writeTimeout, "write-timeout", "TURNPIKE_WRITE_TIMEOUT") { limits.writeTimeout = value }
        if let text = maxConnections ?? env("TURNPIKE_MAX_CONNECTIONS") {
            guard let value = Int(text), (1...1_000_000).contains(value) else {
                throw ValidationError("--max-connections must be a number between 1 and 1000000 (got '\(text)')")
            }
            limits.maximumConnections = value
        }
        return limits
    }
    var resolvedThreads: Int? { threads ?? env("TURNPIKE_THREADS").flatMap(Int.init) }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel.lowercased()) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let adminPort = resolvedAdminPort, !(0...65535).contains(adminPort) {
            throw ValidationError("--admin-port must be between 0 and 65535")
        }
        if let threads = resolvedThreads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be between 1 and 256")
        }
        _ = try connectionLimits()
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel.lowercased()) ?? .info
        let logger = CommandLogging.bootstrap(level: level)
        var configuration = ServerConfiguration(
            host: host, port: port, adminPort: resolvedAdminPort, threads: resolvedThreads ?? System.coreCount,
            accessLog: accessLog || isOn(env("TURNPIKE_ACCESS_LOG")),
            rateLimitHeaders: rateLimitHeaders || isOn(env("TURNPIKE_RATE_LIMIT_HEADERS")), dataDirectory: URL(fileURLWithPath: dataDirectory, isDirectory: true),
            database: database ?? env("TURNPIKE_DATABASE") ?? env("TURNPIKE_DATABASE_URL"), logLevel: level, allowAnyCredentials: allowAnyCredentials,
            adminAccessKeyID: env("TURNPIKE_ADMIN_ACCESS_KEY_ID"),
            adminSecretAccessKey: env("TURNPIKE_ADMIN_SECRET_ACCESS_KEY"),
            dataKey: env("TURNPIKE_DATA_KEY"))
        configuration.connectionLimits = try connectionLimits()
        configuration.upstreamCAFile = upstreamCAFile
        configuration.lambdaEndpoint = lambdaEndpoint
        let host = configuration.host
        do {
            let application = try await TurnpikeApplication(configuration: configuration, logger: logger)
            try await application.run(
                onListening: { port in
                    logger.notice("Turnpike is listening", metadata: ["address": "http://\(host):\(port)"])
                },
                onAdminListening: { port in
                    logger.notice("admin API is listening", metadata: ["address": "http://\(host):\(port)"])
                })
        } catch let error as ServerError {
            throw ValidationError(error.description)
        }
    }
}

/// True for `1`, `true` or `yes`.
func isOn(_ value: String?) -> Bool { ["1", "true", "yes"].contains(value?.lowercased() ?? "") }

/// An environment variable, nil when unset or empty.
func env(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
    return value
}
