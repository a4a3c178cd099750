/// Where Lambda Invoke calls go (`--lambda-endpoint`, default each region's own endpoint) and
/// with which credentials (resolved once, at start, by ``AWSCredentialsChain``).
public struct LambdaEndpoint: Sendable {
    /// `http://host:port` or `https://host[:port]`; nil means `https://lambda.{region}.amazonaws.com`.
    public let url: String?
    /// nil: Invoke calls answer 500 (logged).
    public let credentials: AWSCredentials?

    public init(url: String?, credentials: AWSCredentials?) {
        self.url = url
        self.credentials = credentials
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
