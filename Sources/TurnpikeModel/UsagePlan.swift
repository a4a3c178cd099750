/// A usage plan, as AWS's `UsagePlan` shape.
///
/// `quotaStartDate` is Turnpike's own: when the quota was first set (epoch seconds), so the
/// `offset` applies to that first period only. It is stored but never sent on the wire.
public struct UsagePlan: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var apiStages: [ApiStage]
    public var throttle: ThrottleSettings?
    public var quota: QuotaSettings?
    public var productCode: String?
    public var tags: [String: String]?
    public var quotaStartDate: Int?

    public init(
        id: String, name: String, description: String? = nil, apiStages: [ApiStage] = [],
        throttle: ThrottleSettings? = nil, quota: QuotaSettings? = nil, productCode: String? = nil,
        tags: [String: String]? = nil, quotaStartDate: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.apiStages = apiStages
        self.throttle = throttle
        self.quota = quota
        self.productCode = productCode
        self.tags = tags
        self.quotaStartDate = quotaStartDate
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, apiStages, throttle, quota, productCode, tags, quotaStartDate
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(apiStages, forKey: .apiStages)
        try container.encodeIfPresent(throttle, forKey: .throttle)
        try container.encodeIfPresent(quota, forKey: .quota)
        try container.encodeIfPresent(productCode, forKey: .productCode)
        try container.encodeIfPresent(tags, forKey: .tags)
        if encoder.userInfo[.turnpikeStorage] as? Bool == true {
            try container.encodeIfPresent(quotaStartDate, forKey: .quotaStartDate)
        }
    }

    /// True when the plan covers the API stage.
    public func covers(apiId: String, stage: String) -> Bool {
        apiStages.contains { $0.apiId == apiId && $0.stage == stage }
    }
}

extension CodingUserInfoKey {
    /// Set to `true` when encoding for the store: entities then include their private fields.
    public static let turnpikeStorage = CodingUserInfoKey(rawValue: "turnpikeStorage")!
}
