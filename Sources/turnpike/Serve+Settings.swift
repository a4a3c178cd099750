import ArgumentParser
import Foundation
import Logging
import NIOCore
import TurnpikeGateway
import TurnpikeServer

extension Serve {
    /// What `serve` runs with, from its options and the environment.
    struct Settings {
        var server: ServerConfiguration
        var logLevel: Logger.Level
        var jsonLogs: Bool
    }

    /// Every variable `serve` reads (their `_FILE` forms too, for the secrets).
    static let variables: Set<String> = [
        "TURNPIKE_HOST", "TURNPIKE_PORT", "TURNPIKE_ADMIN_PORT", "TURNPIKE_STATUS_PORT", "TURNPIKE_STATUS_HOST",
        "TURNPIKE_THREADS", "TURNPIKE_ACCESS_LOG", "TURNPIKE_RATE_LIMIT_HEADERS", "TURNPIKE_METRICS_PER_KEY",
        "TURNPIKE_DATA_DIR", "TURNPIKE_DATABASE", "TURNPIKE_DATABASE_URL", "TURNPIKE_LOG_LEVEL", "TURNPIKE_LOG_FORMAT",
        "TURNPIKE_ALLOW_ANY_CREDENTIALS", "TURNPIKE_DRAIN_TIMEOUT", "TURNPIKE_HEADER_TIMEOUT", "TURNPIKE_BODY_TIMEOUT",
        "TURNPIKE_IDLE_TIMEOUT", "TURNPIKE_WRITE_TIMEOUT", "TURNPIKE_MAX_CONNECTIONS", "TURNPIKE_ADMIN_ACCESS_KEY_ID",
        "TURNPIKE_ADMIN_SECRET_ACCESS_KEY", "TURNPIKE_DATA_KEY", "TURNPIKE_UPSTREAM_CA_FILE", "TURNPIKE_LAMBDA_ENDPOINT",
        "TURNPIKE_ACCOUNT_ID",
    ]

    /// The options, with the environment filling what the command line leaves out; throws an
    /// ``InvalidSetting`` for the first value that cannot be used.
    func settings(_ environment: EnvironmentSettings) throws -> Settings {
        let ports = 0...65535
        func port(_ option: Int?, _ name: String, _ variable: String) throws -> Int? {
            if let option { return try EnvironmentSettings.integer("\(option)", in: ports, name: "--\(name)") }
            return try environment.integer(variable, in: ports)
        }
        func duration(_ option: String?, _ name: String, _ variable: String) throws -> Duration? {
            if let option { return try EnvironmentSettings.duration(option, name: "--\(name)") }
            return try environment.duration(variable)
        }
        func flag(_ option: Bool, _ variable: String) throws -> Bool {
            try option || environment.flag(variable) ?? false
        }
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        let level = try logLevel.map { try EnvironmentSettings.choice($0, levels, name: "--log-level") }
            ?? environment.choice("TURNPIKE_LOG_LEVEL", levels) ?? "info"
        let format = try logFormat.map { try EnvironmentSettings.choice($0, ["text", "json"], name: "--log-format") }
            ?? environment.choice("TURNPIKE_LOG_FORMAT", ["text", "json"]) ?? "text"
        let threads = try threads.map { try EnvironmentSettings.integer("\($0)", in: 1...256, name: "--threads") }
            ?? environment.integer("TURNPIKE_THREADS", in: 1...256)
        var server = ServerConfiguration(
            host: host ?? environment.string("TURNPIKE_HOST") ?? "127.0.0.1",
            port: try port(self.port, "port", "TURNPIKE_PORT") ?? 4567,
            adminPort: try port(adminPort, "admin-port", "TURNPIKE_ADMIN_PORT"),
            threads: threads ?? System.coreCount,
            accessLog: try flag(accessLog, "TURNPIKE_ACCESS_LOG"),
            rateLimitHeaders: try flag(rateLimitHeaders, "TURNPIKE_RATE_LIMIT_HEADERS"),
            dataDirectory: URL(fileURLWithPath: dataDirectory ?? environment.string("TURNPIKE_DATA_DIR") ?? "./turnpike-data",
                               isDirectory: true),
            database: try database ?? environment.string("TURNPIKE_DATABASE") ?? environment.secret("TURNPIKE_DATABASE_URL"),
            logLevel: Logger.Level(rawValue: level) ?? .info,
            allowAnyCredentials: try flag(allowAnyCredentials, "TURNPIKE_ALLOW_ANY_CREDENTIALS"),
            adminAccessKeyID: environment.string("TURNPIKE_ADMIN_ACCESS_KEY_ID"),
            adminSecretAccessKey: try environment.secret("TURNPIKE_ADMIN_SECRET_ACCESS_KEY"),
            dataKey: try environment.secret("TURNPIKE_DATA_KEY"))
        server.statusPort = try port(statusPort, "status-port", "TURNPIKE_STATUS_PORT")
        server.statusHost = statusHost ?? environment.string("TURNPIKE_STATUS_HOST") ?? "127.0.0.1"
        server.metricsPerKey = try flag(metricsPerKey, "TURNPIKE_METRICS_PER_KEY")
        server.upstreamCAFile = upstreamCAFile ?? environment.string("TURNPIKE_UPSTREAM_CA_FILE")
        server.lambdaEndpoint = lambdaEndpoint ?? environment.string("TURNPIKE_LAMBDA_ENDPOINT")
        server.accountId = try accountId.map { try EnvironmentSettings.accountId($0, name: "--account-id") }
            ?? environment.accountId("TURNPIKE_ACCOUNT_ID")
        if let drain = try duration(drainTimeout, "drain-timeout", "TURNPIKE_DRAIN_TIMEOUT") { server.drainTimeout = drain }
        var limits = ConnectionLimits()
        if let value = try duration(headerTimeout, "header-timeout", "TURNPIKE_HEADER_TIMEOUT") { limits.headTimeout = value }
        if let value = try duration(bodyTimeout, "body-timeout", "TURNPIKE_BODY_TIMEOUT") { limits.bodyTimeout = value }
        if let value = try duration(idleTimeout, "idle-timeout", "TURNPIKE_IDLE_TIMEOUT") { limits.idleTimeout = value }
        if let value = try duration(writeTimeout, "write-timeout", "TURNPIKE_WRITE_TIMEOUT") { limits.writeTimeout = value }
        let cap = 1...1_000_000
        if let value = try maxConnections.map({ try EnvironmentSettings.integer($0, in: cap, name: "--max-connections") })
            ?? environment.integer("TURNPIKE_MAX_CONNECTIONS", in: cap) {
            limits.maximumConnections = value
        }
        server.connectionLimits = limits
        return Settings(server: server, logLevel: server.logLevel, jsonLogs: format == "json")
    }
}
