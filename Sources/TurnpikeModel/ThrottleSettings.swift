/// A token bucket's settings: `rateLimit` requests per second steady, `burstLimit` bucket size.
public struct ThrottleSettings: Codable, Sendable, Equatable, Hashable {
    public var burstLimit: Int?
    public var rateLimit: Double?

    public init(burstLimit: Int? = nil, rateLimit: Double? = nil) {
        self.burstLimit = burstLimit
        self.rateLimit = rateLimit
    }

    /// Both fields present, as AWS answers them (a missing one reads as 0).
    public var normalized: ThrottleSettings {
        ThrottleSettings(burstLimit: burstLimit ?? 0, rateLimit: rateLimit ?? 0)
    }

    /// Refuses negative or non-finite values.
    public func validate(at location: String) throws {
        if let burstLimit, burstLimit < 0 {
            throw GatewayError.badRequest("Invalid throttle burst limit \(burstLimit) at \(location): must not be negative")
        }
        if let rateLimit, !(rateLimit.isFinite && rateLimit >= 0) {
            throw GatewayError.badRequest("Invalid throttle rate limit \(rateLimit) at \(location): must not be negative")
        }
    }
}
