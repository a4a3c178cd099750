import TurnpikeModel
import TurnpikeStore

/// `ImportRestApi`, `PutRestApi` and `GetExport`: an API's whole definition as an OpenAPI document.
enum OpenAPIRoutes {
    static let all: [AdminRoute] = [
        AdminRoute("POST", "/restapis?mode=import", "ImportRestApi") { request, context in
            let options = try OpenAPIImportOptions(query: request.query)
            let now = context.now
            let body = request.body
            let api = try await context.controlPlane.write { configuration in
                try configuration.importRestApi(
                    body, options: options, id: EntityID.make(length: 10), now: now, makeId: { EntityID.make(length: 10) })
            }
            return try .json(api, status: 201)
        },
        AdminRoute("PUT", "/restapis/{restapi_id}", "PutRestApi") { request, context in
            let options = try OpenAPIImportOptions(query: request.query)
            let id = request.parameter("restapi_id")
            let body = request.body
            let api = try await context.controlPlane.write { configuration in
                try configuration.putRestApi(id, body, options: options, makeId: { EntityID.make(length: 10) })
            }
            return try .json(api)
        },
        AdminRoute("GET", "/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}", "GetExport") { request, context in
            let apiId = request.parameter("restapi_id")
            let stageName = request.parameter("stage_name")
            let exportType = request.parameter("export_type")
            let extensions = request.queryValue("extensions")
            let accept = request.header("Accept")
            let export = try await context.controlPlane.read { configuration in
                try configuration.export(apiId: apiId, stageName: stageName, exportType: exportType, extensions: extensions, accept: accept)
            }
            return AdminResponse(
                status: 200, headers: [("Content-Type", export.contentType), ("Content-Disposition", export.contentDisposition)],
                body: Array(export.body.utf8))
        },
    ]
}
