/// An API stage a usage plan covers, with optional per-method throttles keyed `/resource/path/METHOD`.
public struct ApiStage: Codable, Sendable, Equatable, Hashable {
    public var apiId: String
    public var stage: String
    public var throttle: [String: ThrottleSettings]?

    public init(apiId: String, stage: String, throttle: [String: ThrottleSettings]? = nil) {
        self.apiId = apiId
        self.stage = stage
        self.throttle = throttle
    }

    /// `apiId:stage`, the form patch operations use.
    public var reference: String { "\(apiId):\(stage)" }

    /// True when both stages name the same API stage.
    public func sameStage(as other: ApiStage) -> Bool { apiId == other.apiId && stage == other.stage }
}
