public import TurnpikeModel

/// What the data plane knows about one stage of a REST API: its compiled routes (from the stage's
/// deployment), the API's gateway responses and the stage's own settings.
///
/// Routes come from the deployment the stage points at, so resource, method and integration changes
/// are seen only after a new deployment. The gateway responses, stage variables and method
/// settings are read from the current configuration, so they change with the next snapshot.
public final class StageSnapshot: Sendable {
    /// The REST API's id.
    public let apiId: String
    /// The stage's name.
    public let stageName: String
    /// The deployment the stage serves.
    public let deploymentId: String
    /// The deployment's routes, with `${stageVariables.*}` of integration URIs filled for this stage.
    public let router: InvokeRouter
    /// The API's gateway responses (live, not per deployment: see ``GatewayResponseRenderer``).
    public let responses: GatewayResponseRenderer
    /// The stage variables.
    public let variables: [String: String]
    /// The stage's method settings (`*/*` and `path/METHOD` keys), for stage throttling.
    public let methodSettings: [String: MethodSetting]
    /// Stage variable `rateLimitHeaders` is `true`: keyed answers carry `RateLimit-Policy` /
    /// `RateLimit`, and 429s `Retry-After`.
    public let rateLimitHeaders: Bool
    /// The stage's access log format (`accessLogSettings.format`), compiled; nil when it has none.
    public let accessLog: AccessLogTemplate?
    /// The stage's per-request series, when metrics are on.
    let metrics: StageMetrics?
    /// The stage's ordinal in the snapshot's ``KeyTable`` (``KeyTable/stageOrdinal(apiId:stage:)``).
    let keyStage: UInt32

    public init(
        apiId: String, stageName: String, deploymentId: String, router: InvokeRouter,
        responses: GatewayResponseRenderer, variables: [String: String], methodSettings: [String: MethodSetting],
        accessLogFormat: String? = nil, metrics: RequestMetrics? = nil, keyStage: UInt32
    ) {
        self.keyStage = keyStage
        self.metrics = metrics?.stage(apiId: apiId, stage: stageName, router: router)
        self.apiId = apiId
        self.stageName = stageName
        self.deploymentId = deploymentId
        self.router = router
        self.responses = responses
        self.variables = variables
        self.methodSettings = methodSettings
        rateLimitHeaders = variables["rateLimitHeaders"]?.lowercased() == "true"
        accessLog = accessLogFormat.flatMap { $0.isEmpty ? nil : AccessLogTemplate($0) }
    }
}
