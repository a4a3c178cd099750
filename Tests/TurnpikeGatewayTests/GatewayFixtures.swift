import TurnpikeModel

/// Builders for resource trees and configurations used by the gateway tests.
enum GatewayFixtures {
    /// A MOCK integration answering `status` with `body`.
    static func mock(status: Int = 200, body: String = "{}") -> Integration {
        var integration = Integration(type: "MOCK")
        integration.requestTemplates = ["application/json": "{\"statusCode\": \(status)}"]
        var response = IntegrationResponse(statusCode: String(status))
        response.responseTemplates = ["application/json": body]
        integration.integrationResponses = [String(status): response]
        return integration
    }

    /// An HTTP_PROXY integration to `uri`.
    static func proxy(_ uri: String, method: String = "ANY", parameters: [String: String]? = nil) -> Integration {
        var integration = Integration(type: "HTTP_PROXY")
        integration.httpMethod = method
        integration.uri = uri
        integration.requestParameters = parameters
        integration.timeoutInMillis = 29_000
        return integration
    }

    /// A resource tree from `path: [method]` pairs; every method gets a MOCK integration whose body
    /// names the resource path and method (e.g. `/pets/{id} GET`). Missing ancestors are created
    /// without methods.
    static func resources(_ spec: [String: [String]], apiKeyRequired: Bool = false) -> [String: Resource] {
        var byPath: [String: Resource] = [:]
        func ensure(_ path: String) -> String {
            if let existing = byPath[path] { return existing.id }
            if path == "/" {
                byPath[path] = Resource(id: "r0", path: "/")
                return "r0"
            }
            let parentPath = path.split(separator: "/").dropLast().joined(separator: "/")
            let parentId = ensure("/" + parentPath)
            let id = "r\(byPath.count)"
            let part = String(path.split(separator: "/").last!)
            byPath[path] = Resource(id: id, parentId: parentId, pathPart: part, path: path)
            return id
        }
        for (path, methods) in spec {
            _ = ensure(path)
            var resource = byPath[path]!
            var table: [String: Method] = [:]
            for name in methods {
                var method = Method(httpMethod: name, apiKeyRequired: apiKeyRequired)
                method.methodIntegration = mock(body: "\(path) \(name)")
                table[name] = method
            }
            resource.resourceMethods = table
            byPath[path] = resource
        }
        return Dictionary(uniqueKeysWithValues: byPath.values.map { ($0.id, $0) })
    }
}

extension GatewayFixtures {
    static let now = 1_700_000_000

    /// Creates a REST API `id` (root resource `root-<id>`) through the model's operations.
    static func createApi(_ id: String, in configuration: inout Configuration) throws {
        _ = try configuration.createRestApi(CreateRestApiInput(name: "api \(id)"), id: id, rootResourceId: "root-\(id)", now: now)
    }

    /// Creates a child resource and returns its id.
    @discardableResult
    static func createResource(
        _ part: String, under parentId: String, api: String, id: String, in configuration: inout Configuration
    ) throws -> String {
        try configuration.createResource(apiId: api, parentId: parentId, CreateResourceInput(pathPart: part), id: id).id
    }

    /// Puts a method with an integration (a MOCK answering 200 with `body` unless given).
    static func putMethod(
        _ httpMethod: String, on resourceId: String, api: String, apiKeyRequired: Bool = false,
        integration: PutIntegrationInput? = nil, body: String = "{}", in configuration: inout Configuration
    ) throws {
        _ = try configuration.putMethod(
            apiId: api, resourceId: resourceId, httpMethod: httpMethod,
            PutMethodInput(authorizationType: "NONE", apiKeyRequired: apiKeyRequired)
        )
        _ = try configuration.putIntegration(
            apiId: api, resourceId: resourceId, httpMethod: httpMethod,
            integration ?? PutIntegrationInput(type: "MOCK", requestTemplates: ["application/json": "{\"statusCode\": 200}"])
        )
        if integration == nil {
            _ = try configuration.putIntegrationResponse(
                apiId: api, resourceId: resourceId, httpMethod: httpMethod, statusCode: "200",
                PutIntegrationResponseInput(responseTemplates: ["application/json": body])
            )
        }
    }

    /// Deploys the API's current resources to `stage`.
    static func deploy(_ api: String, stage: String, id: String, variables: [String: String]? = nil,
                       in configuration: inout Configuration) throws {
        _ = try configuration.createDeployment(
            apiId: api, CreateDeploymentInput(stageName: stage, variables: variables), id: id, now: now
        )
    }

    /// APIs with a keyed `GET /` each, deployed to every stage named.
    static func keyedApis(_ apis: [String], stages: [String]) throws -> Configuration {
        var configuration = Configuration()
        for api in apis {
            try createApi(api, in: &configuration)
            try putMethod("GET", on: "root-\(api)", api: api, apiKeyRequired: true, in: &configuration)
            for (index, stage) in stages.enumerated() {
                try deploy(api, stage: stage, id: "d-\(api)-\(index)", in: &configuration)
            }
        }
        return configuration
    }

    /// Creates an enabled (unless told) API key with a 40-character value derived from `name`.
    @discardableResult
    static func createKey(_ id: String, enabled: Bool = true, in configuration: inout Configuration) throws -> String {
        let value = String((id + String(repeating: "x", count: 40)).prefix(40))
        _ = try configuration.createApiKey(CreateApiKeyInput(name: id, enabled: enabled, value: value), id: id, now: now)
        return value
    }

    /// Creates a usage plan covering `stages` (`api:stage`) with the keys given.
    static func createPlan(_ id: String, stages: [String], keys: [String], in configuration: inout Configuration) throws {
        let apiStages = stages.map { reference -> ApiStage in
            let parts = reference.split(separator: ":")
            return ApiStage(apiId: String(parts[0]), stage: String(parts[1]))
        }
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: id, apiStages: apiStages), id: id, now: now)
        for key in keys {
            _ = try configuration.createUsagePlanKey(planId: id, CreateUsagePlanKeyInput(keyId: key, keyType: "API_KEY"))
        }
    }
}
