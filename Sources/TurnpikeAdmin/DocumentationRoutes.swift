import TurnpikeModel
import TurnpikeStore

/// The documentation parts (`CreateDocumentationPart`, `GetDocumentationPart(s)`,
/// `UpdateDocumentationPart`, `DeleteDocumentationPart`) and versions
/// (`CreateDocumentationVersion`, `GetDocumentationVersion(s)`, `UpdateDocumentationVersion`,
/// `DeleteDocumentationVersion`) of a REST API, and `ImportDocumentationParts` (an OpenAPI
/// document's `x-amazon-apigateway-documentation`): stored, no effect on the invoke path.
enum DocumentationRoutes {
    static let parts = "/restapis/{restapi_id}/documentation/parts"
    static let part = "/restapis/{restapi_id}/documentation/parts/{part_id}"
    static let versions = "/restapis/{restapi_id}/documentation/versions"
    static let version = "/restapis/{restapi_id}/documentation/versions/{doc_version}"

    static let all: [AdminRoute] = [
        AdminRoute("POST", parts, "CreateDocumentationPart") { request, context in
            let input = try request.decode(CreateDocumentationPartInput.self, input: "createDocumentationPartInput")
            let apiId = request.parameter("restapi_id")
            let created = try await context.controlPlane.write { try $0.createDocumentationPart(apiId: apiId, input, id: EntityID.make(length: 6)) }
            return try .json(created, status: 201)
        },
        AdminRoute("PUT", parts, "ImportDocumentationParts") { request, context in
            let options = try OpenAPIImportOptions(query: request.query)
            let (apiId, body) = (request.parameter("restapi_id"), request.body)
            return try .json(try await context.controlPlane.write { configuration in
                try configuration.importDocumentationParts(apiId: apiId, body, options: options, makeId: { EntityID.make(length: 6) })
            })
        },
        AdminRoute("GET", part, "GetDocumentationPart") { request, context in
            let (apiId, id) = (request.parameter("restapi_id"), request.parameter("part_id"))
            return try .json(try await context.controlPlane.read { try $0.documentationPart(apiId: apiId, id: id) })
        },
        AdminRoute("GET", parts, "GetDocumentationParts") { request, context in
            let (apiId, type) = (request.parameter("restapi_id"), request.queryValue("type"))
            let items = try await context.controlPlane.read { try $0.documentationParts(apiId: apiId, type: type) }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", part, "UpdateDocumentationPart") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateDocumentationPartInput")
            let (apiId, id) = (request.parameter("restapi_id"), request.parameter("part_id"))
            return try .json(try await context.controlPlane.write {
                try $0.updateDocumentationPart(apiId: apiId, id: id, operations: input.patchOperations ?? [])
            })
        },
        AdminRoute("DELETE", part, "DeleteDocumentationPart") { request, context in
            let (apiId, id) = (request.parameter("restapi_id"), request.parameter("part_id"))
            try await context.controlPlane.write { try $0.removeDocumentationPart(apiId: apiId, id: id) }
            return .empty(status: 202)
        },
        AdminRoute("POST", versions, "CreateDocumentationVersion") { request, context in
            let input = try request.decode(CreateDocumentationVersionInput.self, input: "createDocumentationVersionInput")
            let (apiId, now) = (request.parameter("restapi_id"), context.now)
            let created = try await context.controlPlane.write { try $0.createDocumentationVersion(apiId: apiId, input, now: now) }
            return try .json(created, status: 201)
        },
        AdminRoute("GET", version, "GetDocumentationVersion") { request, context in
            let (apiId, name) = (request.parameter("restapi_id"), request.parameter("doc_version"))
            return try .json(try await context.controlPlane.read { try $0.documentationVersion(apiId: apiId, version: name) })
        },
        AdminRoute("GET", versions, "GetDocumentationVersions") { request, context in
            let apiId = request.parameter("restapi_id")
            let items = try await context.controlPlane.read { try $0.documentationVersions(apiId: apiId) }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", version, "UpdateDocumentationVersion") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateDocumentationVersionInput")
            let (apiId, name) = (request.parameter("restapi_id"), request.parameter("doc_version"))
            return try .json(try await context.controlPlane.write {
                try $0.updateDocumentationVersion(apiId: apiId, version: name, operations: input.patchOperations ?? [])
            })
        },
        AdminRoute("DELETE", version, "DeleteDocumentationVersion") { request, context in
            let (apiId, name) = (request.parameter("restapi_id"), request.parameter("doc_version"))
            try await context.controlPlane.write { try $0.removeDocumentationVersion(apiId: apiId, version: name) }
            return .empty(status: 202)
        },
    ]
}
