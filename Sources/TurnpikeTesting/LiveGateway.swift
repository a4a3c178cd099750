import Foundation
import Logging
import NIOCore
import TurnpikeGateway
import TurnpikeLimits
import TurnpikeServer
import TurnpikeSigV4

/// A whole Turnpike (`TurnpikeApplication`) on free loopback ports with a temporary data
/// directory, for tests that go through real sockets: admin calls signed with SigV4 over HTTP,
/// invoke calls, restarts on the same data.
public final class LiveGateway: Sendable {
    /// The main listener (invoke path, and admin unless `adminPort` is set).
    public let port: Int
    /// The admin listener when the gateway was started with a separate one.
    public let adminPort: Int?
    public let dataDirectory: URL
    /// The gateway's wall clock; admin calls are signed with it.
    public let clock: WallClock
    private let task: Task<Void, any Error>

    /// Starts a gateway. `separateAdmin` puts the admin API on a port of its own; `limits` are
    /// the listeners' timeouts and connection cap.
    public static func start(dataDirectory: URL? = nil, separateAdmin: Bool = false, accessLog: Bool = false,
                             clock: WallClock = .system, limits: ConnectionLimits = ConnectionLimits(),
                             rateLimitHeaders: Bool = false, upstreamCAFile: String? = nil,
                             lambdaEndpoint: String? = nil, accountId: String? = nil,
                             logHandler: (@Sendable (String) -> any LogHandler)? = nil) async throws -> LiveGateway {
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("turnpike-live-\(UUID().uuidString)")
        let credentials = AdminTestHarness.credentials
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, adminPort: separateAdmin ? 0 : nil, threads: 2, accessLog: accessLog,
            rateLimitHeaders: rateLimitHeaders, dataDirectory: directory, adminAccessKeyID: credentials.accessKeyID,
            adminSecretAccessKey: credentials.secretAccessKey)
        configuration.connectionLimits = limits
        configuration.upstreamCAFile = upstreamCAFile
        configuration.lambdaEndpoint = lambdaEndpoint
        configuration.lambdaCredentials = FakeLambda.credentials
        configuration.accountId = accountId
        var logger = logHandler.map { Logger(label: "turnpike-live", factory: $0) } ?? Logger(label: "turnpike-live")
        logger.logLevel = .info
        var application = try await TurnpikeApplication(configuration: configuration, logger: logger)
        application.clock = clock
        let (ports, continuation) = AsyncStream<(String, Int)>.makeStream()
        let task = Task {
            try await application.run(
                onListening: { continuation.yield(("main", $0)) },
                onAdminListening: { continuation.yield(("admin", $0)) },
                handleSignals: false)
        }
        var main: Int?
        var admin: Int?
        for await (name, port) in ports {
            if name == "main" { main = port } else { admin = port }
            if main != nil, !separateAdmin || admin != nil { break }
        }
        return LiveGateway(port: main ?? 0, adminPort: admin, dataDirectory: directory, clock: clock, task: task)
    }

    private init(port: Int, adminPort: Int?, dataDirectory: URL, clock: WallClock, task: Task<Void, any Error>) {
        self.port = port
        self.adminPort = adminPort
        self.dataDirectory = dataDirectory
        self.clock = clock
        self.task = task
    }

    /// Stops the gateway and waits until it is down.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Removes the data directory.
    public func removeData() {
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// A signed admin call over HTTP, on a new connection.
    public func admin(_ method: String, _ target: String, json: String = "") async throws -> HTTPTestResponse {
        let body = Array(json.utf8)
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let port = adminPort ?? self.port
        var headers: [(String, String)] = [("host", "127.0.0.1:\(port)"), ("content-type", "application/json")]
        let signer = SigV4Signer(credentials: AdminTestHarness.credentials, region: "us-east-1", service: "apigateway")
        headers += signer.sign(method: method, rawPath: String(parts[0]), rawQuery: parts.count > 1 ? String(parts[1]) : "",
                               headers: headers, body: body,
                               now: Date(timeIntervalSince1970: TimeInterval(clock.epochSeconds())))
        let client = try await HTTPTestClient.connect(port: port)
        do {
            let response = try await client.send(method, target, headers: headers, body: body)
            await client.close()
            return response
        } catch {
            await client.close()
            throw error
        }
    }

    /// A new keep-alive connection to the main listener.
    public func connect() async throws -> HTTPTestClient {
        try await HTTPTestClient.connect(port: port)
    }
}
