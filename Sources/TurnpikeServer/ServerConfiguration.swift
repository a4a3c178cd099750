import Foundation
import Logging
import NIOCore
import TurnpikeGateway

/// Everything `turnpike serve` is configured with.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// A separate port for the admin API; nil serves it on `port` beside the invoke path.
    public var adminPort: Int?
    /// Event loop threads of the listeners.
    public var threads: Int
    /// One structured access-log line per invoke request.
    public var accessLog: Bool
    /// `RateLimit-Policy` / `RateLimit` and `Retry-After` fields on every stage (a stage variable
    /// `rateLimitHeaders=true` turns them on for one stage).
    public var rateLimitHeaders: Bool
    public var dataDirectory: URL
    /// `sqlite:///path`, `sqlite:relative/path`, a plain path, or `postgres://user:password@host:port/db`;
    /// nil means `<data-dir>/turnpike.sqlite`.
    public var database: String?
    public var logLevel: Logger.Level
    /// Development only: accept any well-formed signature.
    public var allowAnyCredentials: Bool
    /// Admin credentials from the environment; nil means read or create `<data-dir>/credentials`.
    public var adminAccessKeyID: String?
    public var adminSecretAccessKey: String?
    /// Base64 data key from the environment; nil means `<data-dir>/data.key`.
    public var dataKey: String?
    /// Timeouts and the connection cap of each listener (the invoke port and `--admin-port`).
    public var connectionLimits = ConnectionLimits()
    /// The status listener's port (health and metrics); nil serves none.
    public var statusPort: Int?
    /// The status listener's address.
    public var statusHost = "127.0.0.1"
    /// How long requests in flight may take to finish after SIGTERM or SIGINT.
    public var drainTimeout: Duration = .seconds(30)
    /// Metrics series per API key id (`--metrics-per-key`).
    public var metricsPerKey = false
    /// A PEM bundle of CA certificates trusted for `https://` backends besides the system's.
    public var upstreamCAFile: String?
    /// Lambda's Invoke API (`http(s)://host[:port]`); nil means each region's own endpoint.
    public var lambdaEndpoint: String?
    /// The credentials Lambda calls are signed with; nil reads them from the standard AWS sources
    /// (environment, shared credentials and config files).
    public var lambdaCredentials: AWSCredentials?
    /// `requestContext.accountId` of Lambda proxy events (`--account-id`); nil means the account of
    /// each function's ARN.
    public var accountId: String?

    public init(host: String = "127.0.0.1", port: Int = 4567, adminPort: Int? = nil, threads: Int = System.coreCount,
                accessLog: Bool = false, rateLimitHeaders: Bool = false, dataDirectory: URL, database: String? = nil,
                logLevel: Logger.Level = .info, allowAnyCredentials: Bool = false, adminAccessKeyID: String? = nil,
                adminSecretAccessKey: String? = nil, dataKey: String? = nil) {
        self.host = host
        self.port = port
        self.adminPort = adminPort
        self.threads = max(1, threads)
        self.accessLog = accessLog
        self.rateLimitHeaders = rateLimitHeaders
        self.dataDirectory = dataDirectory
        self.database = database
        self.logLevel = logLevel
        self.allowAnyCredentials = allowAnyCredentials
        self.adminAccessKeyID = adminAccessKeyID
        self.adminSecretAccessKey = adminSecretAccessKey
        self.dataKey = dataKey
    }

    /// Where the store lives (see ``StoreLocation``); throws a ``ServerError`` for a value it cannot use.
    public func storeLocation() throws -> StoreLocation {
        try StoreLocation(database: database, dataDirectory: dataDirectory)
    }
}
