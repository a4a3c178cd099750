/// Where Lambda Invoke calls go (`--lambda-endpoint`, default each region's own endpoint) and
/// with which credentials (from an ``AWSCredentialsSource``, which re-reads the standard AWS
/// sources on a bounded cadence).
public struct LambdaEndpoint: Sendable {
    /// `http://host:port` or `https://host[:port]`; nil means `https://lambda.{region}.amazonaws.com`.
    public let url: String?
    /// Where the signing credentials come from; when it has none, Invoke calls answer 500 (logged).
    public let credentialsSource: AWSCredentialsSource
    /// `requestContext.accountId` of proxy events (`--account-id`); nil: each function ARN's account.
    public let accountId: String?

    public init(url: String?, credentialsSource: AWSCredentialsSource, accountId: String? = nil) {
        self.url = url
        self.credentialsSource = credentialsSource
        self.accountId = accountId
    }

    /// An endpoint whose calls are always signed with `credentials` (nil: none).
    public init(url: String?, credentials: AWSCredentials?, accountId: String? = nil) {
        self.init(url: url, credentialsSource: AWSCredentialsSource(fixed: credentials), accountId: accountId)
    }

    /// The credentials to sign a call made at `epochSeconds` with.
    public func credentials(epochSeconds: Int) -> AWSCredentials? {
        credentialsSource.credentials(epochSeconds: epochSeconds)
    }

    /// ``url`` is nil or an `http(s)://host[:port]` that can be called.
    public var isUsable: Bool { proxyPlan(region: "us-east-1", timeoutMilliseconds: 1000) != nil }

    /// The plan that carries an Invoke call in `region` to this endpoint, with `timeoutMilliseconds`;
    /// nil when `url` cannot be used.
    func proxyPlan(region: String, timeoutMilliseconds: Int64) -> HTTPProxyPlan? {
        let base = url ?? "https://lambda.\(region).amazonaws.com"
        return try? HTTPProxyPlan(endpoint: base, timeoutMilliseconds: timeoutMilliseconds)
    }
}
