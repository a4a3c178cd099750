/// An API key, as AWS's `ApiKey` shape.
///
/// `value` is always set in memory; it is left out of answers unless the caller asked for it
/// (`includeValue(s)`) and is stored encrypted, never in the JSON body of the record.
public struct ApiKey: Codable, Sendable, Equatable {
    public var id: String
    public var value: String?
    public var name: String?
    public var customerId: String?
    public var description: String?
    public var enabled: Bool
    public var createdDate: Int
    public var lastUpdatedDate: Int
    public var stageKeys: [String]
    public var tags: [String: String]?

    public init(
        id: String, value: String?, name: String? = nil, customerId: String? = nil, description: String? = nil,
        enabled: Bool = false, createdDate: Int, lastUpdatedDate: Int, stageKeys: [String] = [],
        tags: [String: String]? = nil
    ) {
        self.id = id
        self.value = value
        self.name = name
        self.customerId = customerId
        self.description = description
        self.enabled = enabled
        self.createdDate = createdDate
        self.lastUpdatedDate = lastUpdatedDate
        self.stageKeys = stageKeys
        self.tags = tags
    }

    /// The key without its value, as answered when the value was not asked for.
    public var withoutValue: ApiKey {
        var copy = self
        copy.value = nil
        return copy
    }
}

extension ApiKey: CustomDebugStringConvertible, CustomReflectable {
    /// Redacted rendering: logs and `String(describing:)` show the id, never the value.
    public var debugDescription: String { "ApiKey(id: \(id))" }
    public var customMirror: Mirror { Mirror(self, children: ["id": id]) }
}
