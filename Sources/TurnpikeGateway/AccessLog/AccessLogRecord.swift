import TurnpikeLimits

/// What the access log knows about one answered request: the values of AWS's `$context` variables.
/// Never a key value: the key appears only as its id (`identity.apiKeyId`).
public struct AccessLogRecord: Sendable, Equatable {
    public var requestId = ""
    public var extendedRequestId = ""
    public var sourceIp: String?
    public var userAgent: String?
    public var apiKeyId: String?
    public var httpMethod = ""
    /// The matched resource's path template (`/pets/{id}`).
    public var resourcePath: String?
    /// The request path without the query string.
    public var path = ""
    public var `protocol` = "HTTP/1.1"
    public var status = 0
    public var responseLength = 0
    /// When the request arrived, in epoch milliseconds.
    public var requestTimeEpochMilliseconds: Int64 = 0
    public var responseLatencyMilliseconds: Int64 = 0
    public var integrationLatencyMilliseconds: Int64?
    public var integrationStatus: Int?
    /// The gateway response type of a refusal (`THROTTLED`, `INVALID_API_KEY`, ...).
    public var errorResponseType: String?
    public var errorMessage: String?
    public var apiId: String?
    public var stage: String?
    public var xrayTraceId = ""

    public init() {}

    /// The value of `$context.<name>`, nil for an unknown name or an absent value (written `-`).
    func value(of name: Substring) -> String? {
        switch name {
        case "requestId": requestId
        case "extendedRequestId": extendedRequestId
        case "identity.sourceIp": sourceIp
        case "identity.userAgent": userAgent
        case "identity.apiKeyId": apiKeyId
        case "httpMethod": httpMethod
        case "resourcePath": resourcePath
        case "path": path
        case "protocol": `protocol`
        case "status": String(status)
        case "responseLength": String(responseLength)
        case "requestTime": Self.commonLogTime(epochMilliseconds: requestTimeEpochMilliseconds)
        case "requestTimeEpoch": String(requestTimeEpochMilliseconds)
        case "responseLatency": String(responseLatencyMilliseconds)
        case "integrationLatency": integrationLatencyMilliseconds.map { String($0) }
        case "integrationStatus", "integration.status": integrationStatus.map { String($0) }
        case "error.responseType": errorResponseType
        case "error.message", "error.messageString": errorMessage
        case "apiId": apiId
        case "stage": stage
        case "xrayTraceId": xrayTraceId
        default: nil
        }
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `03/Dec/2026:22:58:10 +0000`, as AWS writes `$context.requestTime`.
    static func commonLogTime(epochMilliseconds: Int64) -> String {
        let epochSeconds = Int(epochMilliseconds / 1000)
        let day = UTCDay(containing: epochSeconds)
        let date = day.civil
        let seconds = epochSeconds - day.startSeconds
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(two(date.day))/\(Self.months[date.month - 1])/\(date.year):\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }
}
