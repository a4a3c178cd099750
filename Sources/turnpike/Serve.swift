import ArgumentParser
import Foundation
import Logging
import NIOCore
import TurnpikeServer

/// `turnpike serve`: runs the gateway until SIGINT or SIGTERM, then drains.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the gateway (admin API) on the embedded SQLite store by default, or on PostgreSQL.",
        discussion: """
            Every option can also be set with an environment variable, shown in parentheses; the \
            command line wins, and a variable that does not parse stops the start. Admin credentials \
            come from TURNPIKE_ADMIN_ACCESS_KEY_ID and TURNPIKE_ADMIN_SECRET_ACCESS_KEY; when both are \
            unset, the first start generates a pair into <data-dir>/credentials (mode 0600, profile \
            'turnpike') and writes <data-dir>/aws-config. API key values are encrypted with a data key \
            from TURNPIKE_DATA_KEY (base64, 32 bytes) or <data-dir>/data.key. TURNPIKE_DATA_KEY_FILE, \
            TURNPIKE_ADMIN_SECRET_ACCESS_KEY_FILE and TURNPIKE_DATABASE_URL_FILE read those secrets \
            from files. SIGTERM and SIGINT drain (see --drain-timeout); SIGHUP is logged and ignored.
            """
    )

    @Option(help: "Address to listen on; default 127.0.0.1 (TURNPIKE_HOST).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one; default 4567 (TURNPIKE_PORT).")
    var port: Int?

    @Option(name: .customLong("admin-port"), help: "Serve the admin API on this port of its own instead of beside the invoke path (TURNPIKE_ADMIN_PORT).")
    var adminPort: Int?

    @Option(name: .customLong("status-port"), help: "Serve /health/live, /health/ready and /metrics on this port; off by default (TURNPIKE_STATUS_PORT).")
    var statusPort: Int?

    @Option(name: .customLong("status-host"), help: "Address of the status listener; default 127.0.0.1 (TURNPIKE_STATUS_HOST).")
    var statusHost: String?

    @Option(help: "Event loop threads for the listeners; default: one per core (TURNPIKE_THREADS).")
    var threads: Int?

    @Flag(name: .customLong("access-log"), help: "Log one structured line per invoke request; key values never appear (TURNPIKE_ACCESS_LOG=1).")
    var accessLog: Bool = false

    @Flag(name: .customLong("rate-limit-headers"),
          help: "Send RateLimit-Policy / RateLimit on keyed answers and Retry-After on 429s, on every stage; off, a stage opts in with the stage variable rateLimitHeaders=true (TURNPIKE_RATE_LIMIT_HEADERS=1).")
    var rateLimitHeaders: Bool = false

    @Flag(name: .customLong("metrics-per-key"),
          help: "Add series per API key id to /metrics (one series per key: size the Prometheus server for it) (TURNPIKE_METRICS_PER_KEY=1).")
    var metricsPerKey: Bool = false

    @Option(name: .customLong("data-dir"), help: "Directory for the database, data key and credentials; created if missing; default ./turnpike-data (TURNPIKE_DATA_DIR).")
    var dataDirectory: String?

    @Option(help: "Database: a SQLite path, sqlite:PATH or postgres://user:password@host:port/db; default <data-dir>/turnpike.sqlite (TURNPIKE_DATABASE, TURNPIKE_DATABASE_URL).")
    var database: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical; default info (TURNPIKE_LOG_LEVEL).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text, or json (one JSON object per line); default text (TURNPIKE_LOG_FORMAT).")
    var logFormat: String?

    @Flag(name: .customLong("allow-any-credentials"),
          help: "DEVELOPMENT ONLY: accept any well-formed SigV4 signature on the admin API (TURNPIKE_ALLOW_ANY_CREDENTIALS=1).")
    var allowAnyCredentials: Bool = false

    @Option(name: .customLong("drain-timeout"), help: "After SIGTERM or SIGINT, how long requests in flight may take to finish; default 30s (TURNPIKE_DRAIN_TIMEOUT).")
    var drainTimeout: String?

    @Option(name: .customLong("upstream-ca-file"), help: "PEM bundle of CA certificates trusted for https:// backends besides the system's (TURNPIKE_UPSTREAM_CA_FILE).")
    var upstreamCAFile: String?

    @Option(name: .customLong("lambda-endpoint"), help: "Lambda Invoke API for AWS/AWS_PROXY integrations, e.g. http://127.0.0.1:3001; default each region's endpoint (TURNPIKE_LAMBDA_ENDPOINT).")
    var lambdaEndpoint: String?

    @Option(name: .customLong("account-id"), help: "The 12-digit AWS account id Lambda proxy events carry as requestContext.accountId; default the account of each function's ARN (TURNPIKE_ACCOUNT_ID).")
    var accountId: String?

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

    func run() async throws {
        try await CommandFailure.reporting {
            let environment = EnvironmentSettings()
            let settings = try self.settings(environment)
            let logger = CommandLogging.bootstrap(level: settings.logLevel, json: settings.jsonLogs)
            for name in environment.unknownNames(known: Self.variables) {
                logger.warning("unknown setting ignored (a typo?)", metadata: ["variable": "\(name)"])
            }
            try await serve(settings.server, logger: logger)
        }
    }

    private func serve(_ configuration: ServerConfiguration, logger: Logger) async throws {
        let host = configuration.host
        let application = try await TurnpikeApplication(configuration: configuration, logger: logger)
        application.metrics.bootstrapMetricsSystem()
        try await application.run(
            onListening: { port in
                logger.notice("Turnpike is listening", metadata: [
                    "address": "http://\(host):\(port)", "version": "\(TurnpikeVersion.current)",
                ])
            },
            onAdminListening: { port in
                logger.notice("admin API is listening", metadata: ["address": "http://\(host):\(port)"])
            },
            onStatusListening: { port in
                logger.notice("status listener is up", metadata: [
                    "address": "http://\(configuration.statusHost):\(port)", "paths": "/health/live /health/ready /metrics",
                ])
            })
    }
}
