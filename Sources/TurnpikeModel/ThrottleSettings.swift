/// A token bucket's settings: `rateLimit` requests per second steady, `burstLimit` bucket size.
///
/// **Admin input limits.** AWS's model types the fields (`burstLimit` a 32-bit integer, `rateLimit`
/// a double) and says nothing more; AWS refuses what it cannot enforce. Turnpike accepts:
/// - `burstLimit`: `0 ... 2,147,483,647` (AWS's integer range; the bucket holds a `UInt32`);
/// - `rateLimit`: `0` (never refills) or `0.001 ... 1,000,000,000` requests per second. The floor
///   is one request per 1,000 s: below it the bucket's `Float` rate, its `Retry-After` and the
///   `RateLimit` window (`burst / rate` seconds) stop meaning anything (`1e-19` would be a window of
///   1e19 seconds). The ceiling is one token per nanosecond, the bucket's clock resolution.
/// - no NaN or infinity (JSON cannot carry them; patch values are parsed and refused).
///
/// Anything else is refused with a 400 `BadRequestException`.
public struct ThrottleSettings: Codable, Sendable, Equatable, Hashable {
    public var burstLimit: Int?
    public var rateLimit: Double?

    /// The largest `burstLimit` accepted (AWS's 32-bit integer).
    public static let maximumBurstLimit = Int(Int32.max)
    /// The smallest positive `rateLimit` accepted, in requests per second.
    public static let minimumRateLimit = 0.001
    /// The largest `rateLimit` accepted, in requests per second.
    public static let maximumRateLimit = 1_000_000_000.0

    public init(burstLimit: Int? = nil, rateLimit: Double? = nil) {
        self.burstLimit = burstLimit
        self.rateLimit = rateLimit
    }

    /// Both fields present, as AWS answers them (a missing one reads as 0).
    public var normalized: ThrottleSettings {
        ThrottleSettings(burstLimit: burstLimit ?? 0, rateLimit: rateLimit ?? 0)
    }

    /// Refuses what a token bucket cannot enforce: negative, non-finite, too large, or a positive
    /// rate below ``minimumRateLimit``.
    /// - Parameter location: where the value came from, for the message (a patch path or a field).
    public func validate(at location: String) throws {
        if let burstLimit, !(0...Self.maximumBurstLimit).contains(burstLimit) {
            throw GatewayError.badRequest(
                "Invalid throttle burst limit \(burstLimit) at \(location): must be between 0 and \(Self.maximumBurstLimit)"
            )
        }
        if let rateLimit, !Self.acceptable(rateLimit: rateLimit) {
            throw GatewayError.badRequest(
                "Invalid throttle rate limit \(rateLimit) at \(location): must be 0 or between 0.001 and 1000000000"
            )
        }
    }

    /// True for `0` and for `minimumRateLimit ... maximumRateLimit` (NaN fails every comparison).
    public static func acceptable(rateLimit: Double) -> Bool {
        rateLimit == 0 || (rateLimit >= minimumRateLimit && rateLimit <= maximumRateLimit)
    }
}
