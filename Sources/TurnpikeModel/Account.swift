/// The account settings, as AWS's `Account` shape: the account-wide throttle applies to all traffic.
public struct Account: Codable, Sendable, Equatable {
    public var cloudwatchRoleArn: String?
    public var throttleSettings: ThrottleSettings
    public var features: [String]
    public var apiKeyVersion: String

    public init() {
        self.throttleSettings = ThrottleSettings(burstLimit: 5000, rateLimit: 10000)
        self.features = ["UsagePlans"]
        self.apiKeyVersion = "4"
    }
}
