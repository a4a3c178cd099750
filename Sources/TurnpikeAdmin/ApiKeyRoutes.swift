import TurnpikeModel
import TurnpikeStore

/// `CreateApiKey`, `GetApiKey`, `GetApiKeys`, `UpdateApiKey`, `DeleteApiKey`, `ImportApiKeys`.
enum ApiKeyRoutes {
    static let all: [AdminRoute] = [
        AdminRoute("POST", "/apikeys?mode=import", "ImportApiKeys") { request, context in
            guard request.queryValue("format")?.lowercased() == "csv" else {
                throw GatewayError.enumeration(
                    value: request.queryValue("format") ?? "null", at: "importApiKeysInput.format", allowed: ["csv"])
            }
            let failOnWarnings = try request.queryBool("failonwarnings")
            guard let csv = String(validating: request.body, as: UTF8.self) else {
                throw GatewayError.badRequest("Invalid API Key import: the body is not UTF-8 text")
            }
            let now = context.now
            let result = try await context.controlPlane.write { configuration in
                try configuration.importApiKeys(
                    csv: csv, failOnWarnings: failOnWarnings, now: now, makeID: { EntityID.make(length: 10) })
            }
            return try .json(result, status: 201)
        },
        AdminRoute("POST", "/apikeys", "CreateApiKey") { request, context in
            let input = try request.decode(CreateApiKeyInput.self, input: "createApiKeyInput")
            let now = context.now
            let key = try await context.controlPlane.write { configuration in
                try configuration.createApiKey(input, id: EntityID.make(length: 10), now: now)
            }
            return try .json(key, status: 201)
        },
        AdminRoute("GET", "/apikeys/{api_Key}", "GetApiKey") { request, context in
            let includeValue = try request.queryBool("includeValue")
            let id = request.parameter("api_Key")
            let key = try await context.controlPlane.read { try $0.apiKey(id) }
            return try .json(includeValue ? key : key.withoutValue)
        },
        AdminRoute("GET", "/apikeys", "GetApiKeys") { request, context in
            let includeValues = try request.queryBool("includeValues")
            let name = request.queryValue("name")
            let customerId = request.queryValue("customerId")
            let keys = await context.controlPlane.read { $0.apiKeys(namePrefix: name, customerId: customerId) }
            let page = try ItemPage(
                includeValues ? keys : keys.map(\.withoutValue),
                position: request.queryValue("position"), limit: try request.queryInt("limit"))
            return try .json(page)
        },
        AdminRoute("PATCH", "/apikeys/{api_Key}", "UpdateApiKey") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateApiKeyInput")
            let id = request.parameter("api_Key")
            let now = context.now
            let key = try await context.controlPlane.write { configuration in
                try configuration.updateApiKey(id, operations: input.patchOperations ?? [], now: now)
            }
            return try .json(key.withoutValue)
        },
        AdminRoute("DELETE", "/apikeys/{api_Key}", "DeleteApiKey") { request, context in
            let id = request.parameter("api_Key")
            try await context.controlPlane.write { try $0.removeApiKey(id) }
            return .empty(status: 202)
        },
    ]
}

/// The body of every `Update*` operation.
public struct PatchInput: Codable, Sendable {
    public var patchOperations: [PatchOperation]?
}
