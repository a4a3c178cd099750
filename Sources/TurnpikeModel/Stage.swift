/// A stage of a REST API, as AWS's `Stage` shape.
public struct Stage: Codable, Sendable, Equatable {
    public var deploymentId: String
    public var clientCertificateId: String?
    public var stageName: String
    public var description: String?
    public var cacheClusterEnabled: Bool
    public var cacheClusterSize: String?
    public var cacheClusterStatus: String
    public var methodSettings: [String: MethodSetting]
    public var variables: [String: String]?
    public var documentationVersion: String?
    public var accessLogSettings: AccessLogSettings?
    /// Recorded; traffic is not split (``CanarySettings``).
    public var canarySettings: CanarySettings?
    public var tracingEnabled: Bool
    public var tags: [String: String]?
    public var createdDate: Int
    public var lastUpdatedDate: Int

    public init(deploymentId: String, stageName: String, createdDate: Int) {
        self.deploymentId = deploymentId
        self.stageName = stageName
        self.cacheClusterEnabled = false
        self.cacheClusterStatus = "NOT_AVAILABLE"
        self.methodSettings = [:]
        self.tracingEnabled = false
        self.createdDate = createdDate
        self.lastUpdatedDate = createdDate
    }
}

/// Access log settings of a stage, recorded for compatibility.
public struct AccessLogSettings: Codable, Sendable, Equatable {
    public var format: String?
    public var destinationArn: String?
}

/// A stage's settings for one method (`res/METHOD`) or all (`*/*`), as AWS's `MethodSetting`.
public struct MethodSetting: Codable, Sendable, Equatable {
    public var metricsEnabled: Bool = false
    public var loggingLevel: String = "OFF"
    public var dataTraceEnabled: Bool = false
    public var throttlingBurstLimit: Int = 5000
    public var throttlingRateLimit: Double = 10000.0
    public var cachingEnabled: Bool = false
    public var cacheTtlInSeconds: Int = 300
    public var cacheDataEncrypted: Bool = false
    public var requireAuthorizationForCacheControl: Bool = true
    public var unauthorizedCacheControlHeaderStrategy: String = "SUCCEED_WITH_RESPONSE_HEADER"

    public init() {}

    /// The value that turns a throttling limit off (AWS's `-1`, what Terraform sends for a limit it
    /// does not set): the method is then limited only by the account.
    public static let throttlingDisabled = -1

    /// The stage-method token bucket: a disabled (`-1`) limit is the largest one a bucket takes.
    public var throttle: ThrottleSettings {
        ThrottleSettings(
            burstLimit: throttlingBurstLimit == Self.throttlingDisabled ? ThrottleSettings.maximumBurstLimit : throttlingBurstLimit,
            rateLimit: throttlingRateLimit == Double(Self.throttlingDisabled) ? ThrottleSettings.maximumRateLimit : throttlingRateLimit)
    }
}
