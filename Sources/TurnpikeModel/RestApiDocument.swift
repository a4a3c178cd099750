/// Everything that belongs to one REST API, stored as one record: the API, its resource tree
/// (with methods, integrations and their responses), deployments with the trees they froze,
/// stages, gateway responses, authorizers, models and request validators.
public struct RestApiDocument: Codable, Sendable, Equatable {
    public var api: RestApi
    /// Resources by id.
    public var resources: [String: Resource]
    /// Deployments by id.
    public var deployments: [String: Deployment]
    /// The resource tree each deployment froze, by deployment id.
    public var deploymentSnapshots: [String: [String: Resource]]
    /// Stages by name.
    public var stages: [String: Stage]
    /// Gateway responses that were put, by response type.
    public var gatewayResponses: [String: GatewayResponse]
    /// Authorizers by id (absent in documents stored before they existed).
    public var authorizers: [String: Authorizer]?
    /// Models by name.
    public var models: [String: Model]?
    /// Request validators by id.
    public var requestValidators: [String: RequestValidator]?
    /// Documentation parts by id, and documentation versions by version: stored, no effect on invoke.
    public var documentationParts: [String: DocumentationPart]?
    public var documentationVersions: [String: DocumentationVersion]?

    public init(api: RestApi, root: Resource) {
        self.api = api
        self.resources = [root.id: root]
        self.deployments = [:]
        self.deploymentSnapshots = [:]
        self.stages = [:]
        self.gatewayResponses = [:]
    }
}
