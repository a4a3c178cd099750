import TurnpikeLimits

/// The event a Lambda function receives from an `AWS_PROXY` integration of a REST API (payload
/// format 1.0), with exactly AWS's fields, written as JSON bytes.
///
/// Headers and query parameters keep the order they came in; the single-value maps hold each
/// name's last value, the `multiValue` maps every value. A map with nothing in it is `null`, as
/// AWS sends it; so are `pathParameters` and `stageVariables` when empty, and `body` without one.
struct LambdaProxyEvent {
    /// The matched resource's path, e.g. `/pets/{id}`.
    var resource: String
    /// The request path without the stage, e.g. `/pets/42`.
    var path: String
    var httpMethod: String
    var headers: [(name: String, value: String)]
    /// Decoded query parameters, in order.
    var query: [(name: String, value: String)]
    var pathParameters: [(String, String)]
    var stageVariables: [(String, String)]
    /// The body as sent, nil when the request had none.
    var body: [UInt8]?
    /// The body goes base64-encoded (its content type is one of the API's `binaryMediaTypes`, or
    /// it is not UTF-8 text).
    var bodyIsBinary: Bool
    var context: RequestContext

    /// `requestContext`.
    struct RequestContext {
        var accountId: String
        var apiId: String
        var stage: String
        var requestId: String
        var extendedRequestId: String
        var resourceId: String
        var protocolVersion: String
        /// When the request arrived, in milliseconds since 1970.
        var epochMilliseconds: Int
        var sourceIp: String
        var userAgent: String?
        var apiKey: String?
        var apiKeyId: String?
        /// The `Host` the client used (`domainName`), e.g. `abc123.execute-api.us-east-1.amazonaws.com`.
        var domainName: String
    }

    /// The event's JSON text.
    func json() -> [UInt8] {
        var json = JSONText(capacity: 1024 + (body?.count ?? 0) * 4 / 3)
        json.beginObject()
        json.key("resource"); json.string(resource)
        json.key("path"); json.string(path)
        json.key("httpMethod"); json.string(httpMethod)
        json.key("headers"); json.stringMap(headers.isEmpty ? nil : Self.lastValues(headers))
        json.key("multiValueHeaders"); json.listMap(headers.isEmpty ? nil : Self.allValues(headers))
        json.key("queryStringParameters"); json.stringMap(query.isEmpty ? nil : Self.lastValues(query))
        json.key("multiValueQueryStringParameters"); json.listMap(query.isEmpty ? nil : Self.allValues(query))
        json.key("pathParameters"); json.stringMap(pathParameters.isEmpty ? nil : pathParameters)
        json.key("stageVariables"); json.stringMap(stageVariables.isEmpty ? nil : stageVariables)
        json.key("requestContext"); writeContext(into: &json)
        json.key("body")
        if let body {
            json.string(bodyIsBinary ? Base64.encode(body) : String(decoding: body, as: UTF8.self))
        } else {
            json.null()
        }
        json.key("isBase64Encoded"); json.bool(body != nil && bodyIsBinary)
        json.endObject()
        return json.bytes
    }

    private func writeContext(into json: inout JSONText) {
        json.beginObject()
        json.key("resourceId"); json.string(context.resourceId)
        json.key("resourcePath"); json.string(resource)
        json.key("httpMethod"); json.string(httpMethod)
        json.key("extendedRequestId"); json.string(context.extendedRequestId)
        json.key("requestTime"); json.string(Self.requestTime(epochSeconds: context.epochMilliseconds / 1000))
        json.key("path"); json.string("/\(context.stage)\(path)")
        json.key("accountId"); json.string(context.accountId)
        json.key("protocol"); json.string(context.protocolVersion)
        json.key("stage"); json.string(context.stage)
        json.key("domainPrefix"); json.string(String(context.domainName.prefix { $0 != "." }))
        json.key("requestTimeEpoch"); json.number(context.epochMilliseconds)
        json.key("requestId"); json.string(context.requestId)
        json.key("identity")
        json.beginObject()
        for name in ["cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller"] { json.key(name); json.null() }
        json.key("apiKey"); json.optionalString(context.apiKey)
        json.key("sourceIp"); json.string(context.sourceIp)
        for name in ["principalOrgId", "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn"] {
            json.key(name); json.null()
        }
        json.key("userAgent"); json.optionalString(context.userAgent)
        json.key("user"); json.null()
        json.key("apiKeyId"); json.optionalString(context.apiKeyId)
        json.endObject()
        json.key("domainName"); json.string(context.domainName)
        json.key("apiId"); json.string(context.apiId)
        json.endObject()
    }

    /// Each name's last value, names in order of first appearance.
    static func lastValues(_ pairs: [(name: String, value: String)]) -> [(String, String)] {
        allValues(pairs).map { ($0.0, $0.1.last ?? "") }
    }

    /// Each name's values, names in order of first appearance.
    static func allValues(_ pairs: [(name: String, value: String)]) -> [(String, [String])] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in pairs {
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(value)
        }
        return order.map { ($0, values[$0]!) }
    }

    /// `04/Mar/2020:19:15:17 +0000`, AWS's `requestTime`.
    static func requestTime(epochSeconds: Int) -> String {
        let day = UTCDay(containing: epochSeconds)
        let (year, month, date) = day.civil
        let seconds = epochSeconds - day.startSeconds
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(date))/\(months[month - 1])/\(year):\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }
}
