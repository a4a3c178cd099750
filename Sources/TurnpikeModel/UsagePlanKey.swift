/// A key's membership of a usage plan, as AWS's `UsagePlanKey` shape.
public struct UsagePlanKey: Codable, Sendable, Equatable {
    /// The API key's id.
    public var id: String
    /// Always `API_KEY`.
    public var type: String
    public var value: String?
    public var name: String?

    public init(key: ApiKey) {
        self.id = key.id
        self.type = "API_KEY"
        self.value = key.value
        self.name = key.name
    }
}
