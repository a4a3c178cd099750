public import TurnpikeModel
public import TurnpikeLimits

/// The immutable configuration the data plane reads: every stage's routes and responses, and the
/// key table. Built from a ``Configuration`` after each change and swapped in whole; a request
/// reads one snapshot from start to end.
///
/// Building never fails: data it cannot use (a stage whose deployment is missing, an integration it
/// cannot run) is skipped or compiled to ``IntegrationPlan/unsupported(_:)``.
///
/// What a snapshot takes from where:
/// - routes, methods and integrations: the deployment each stage points at
///   (``RestApiDocument/deploymentSnapshots``), so they change only with a new deployment;
/// - stage variables, method settings, gateway responses, request validators, models, API keys,
///   usage plans and plan keys: the current configuration, so they change with the next snapshot.
///
/// Stages that serve the same deployment with the same variables share one ``InvokeRouter``.
/// The `disableExecuteApiEndpoint` flag of an API is not applied (Turnpike has no other endpoint).
public final class GatewaySnapshot: Sendable {
    /// Which API key may call which stage.
    public let keys: KeyTable
    /// How the throttles map onto the limiter table.
    public let throttles: ThrottleLayout
    /// Custom domain names and their base path mappings.
    let domains: DomainTable
    /// Stages by API id and stage name (one lookup per request).
    private let stages: [StageKey: StageSnapshot]

    /// A snapshot with no API, stage or key.
    public static let empty = GatewaySnapshot(configuration: Configuration())

    /// - Parameter metrics: where the stages, plans and keys get their request series; nil (no
    ///   status listener) counts nothing.
    public init(configuration: Configuration, metrics: RequestMetrics? = nil) {
        let throttles = ThrottleLayout(configuration: configuration)
        let keys = KeyTable(configuration: configuration, throttles: throttles, metrics: metrics)
        var stages: [StageKey: StageSnapshot] = [:]
        for (apiId, document) in configuration.restApis {
            let responses = GatewayResponseRenderer(gatewayResponses: document.gatewayResponses)
            let catalog = ModelCatalog(apiId: apiId, validators: document.requestValidators ?? [:], models: document.models ?? [:])
            var routers: [RouterKey: InvokeRouter] = [:]
            for (name, stage) in document.stages {
                guard let resources = document.deploymentSnapshots[stage.deploymentId] else { continue }
                let variables = stage.variables ?? [:]
                let key = RouterKey(deploymentId: stage.deploymentId, variables: variables)
                let router = routers[key] ?? InvokeRouter(
                    resources: resources, stageVariables: variables, keyFromAuthorizer: document.api.apiKeySource == "AUTHORIZER",
                    catalog: catalog, binaryMediaTypes: BinaryMediaTypes(document.api.binaryMediaTypes))
                routers[key] = router
                stages[StageKey(apiId: apiId, stage: name)] = StageSnapshot(
                    apiId: apiId, stageName: name, deploymentId: stage.deploymentId, router: router,
                    responses: responses, variables: variables, methodSettings: stage.methodSettings,
                    accessLogFormat: stage.accessLogSettings?.format, metrics: metrics,
                    keyStage: keys.stageOrdinal(apiId: apiId, stage: name)
                )
            }
        }
        self.stages = stages
        self.domains = DomainTable(domainNames: configuration.domainNames)
        self.throttles = throttles
        self.keys = keys
    }

    /// The stage a request names, or nil (AWS answers an unknown API or stage with 403
    /// `MissingAuthenticationTokenException`: use ``GatewayResponseRenderer/defaults``).
    public func stage(apiId: String, stage: String) -> StageSnapshot? {
        stages[StageKey(apiId: apiId, stage: stage)]
    }

    /// How many stages the snapshot serves.
    public var stageCount: Int { stages.count }

    private struct RouterKey: Hashable {
        var deploymentId: String
        var variables: [String: String]
    }
}
