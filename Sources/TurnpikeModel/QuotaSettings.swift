/// A usage plan's quota: `limit` requests per `period` (`DAY`, `WEEK` or `MONTH`), the first
/// period reduced by `offset`.
///
/// **Admin input limits.** `limit` is `0 ... 2,147,483,647` (AWS's 32-bit integer), `offset` is
/// `0 ... limit` (it is taken off the first period's allowance, so it must fit within that
/// period's limit), `period` one of AWS's enum. Anything else is a 400 `BadRequestException`.
public struct QuotaSettings: Codable, Sendable, Equatable, Hashable {
    public var limit: Int?
    public var offset: Int?
    public var period: String?

    public init(limit: Int? = nil, offset: Int? = nil, period: String? = nil) {
        self.limit = limit
        self.offset = offset
        self.period = period
    }

    /// The largest `limit` accepted (AWS's 32-bit integer).
    public static let maximumLimit = Int(Int32.max)

    /// The periods AWS allows, in the order its validation messages list them.
    public static let periods = ["WEEK", "DAY", "MONTH"]

    /// All fields present, as AWS answers them (`offset` 0 when not given).
    public var normalized: QuotaSettings {
        QuotaSettings(limit: limit ?? 0, offset: offset ?? 0, period: period)
    }

    /// Checks the period against AWS's enum and the numbers for sense.
    /// - Parameter input: the model's input name, e.g. `createUsagePlanInput`.
    public func validate(input: String) throws {
        guard let period else {
            throw GatewayError.badRequest("Invalid quota settings: a period (DAY, WEEK or MONTH) is required")
        }
        guard Self.periods.contains(period) else {
            throw GatewayError.enumeration(value: period, at: "\(input).quota.period", allowed: Self.periods)
        }
        if let limit, !(0...Self.maximumLimit).contains(limit) {
            throw GatewayError.badRequest("Invalid quota limit \(limit): must be between 0 and \(Self.maximumLimit)")
        }
        if let offset, offset < 0 || offset > (limit ?? 0) {
            throw GatewayError.badRequest("Invalid quota offset \(offset): must be between 0 and the limit")
        }
    }
}
