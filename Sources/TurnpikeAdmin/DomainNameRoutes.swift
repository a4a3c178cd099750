import TurnpikeModel
import TurnpikeStore

/// `CreateDomainName`, `GetDomainName`, `GetDomainNames`, `UpdateDomainName`, `DeleteDomainName`,
/// and the base path mappings under a domain name (`CreateBasePathMapping`, `GetBasePathMapping`,
/// `GetBasePathMappings`, `UpdateBasePathMapping`, `DeleteBasePathMapping`). The invoke path routes
/// a request whose `Host` is a domain name by its mappings.
enum DomainNameRoutes {
    static let domain = "/domainnames/{domain_name}"
    static let mappings = "/domainnames/{domain_name}/basepathmappings"
    static let mapping = "/domainnames/{domain_name}/basepathmappings/{base_path}"

    static let all: [AdminRoute] = [
        AdminRoute("POST", "/domainnames", "CreateDomainName") { request, context in
            let input = try request.decode(CreateDomainNameInput.self, input: "createDomainNameInput")
            let now = context.now
            let created = try await context.controlPlane.write { try $0.createDomainName(input, id: EntityID.make(length: 10), now: now) }
            return try .json(created, status: 201)
        },
        AdminRoute("GET", domain, "GetDomainName") { request, context in
            let name = request.parameter("domain_name")
            return try .json(try await context.controlPlane.read { try $0.domainName(name) })
        },
        AdminRoute("GET", "/domainnames", "GetDomainNames") { request, context in
            let items = try await context.controlPlane.read { $0.allDomainNames() }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", domain, "UpdateDomainName") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateDomainNameInput")
            let name = request.parameter("domain_name")
            let updated = try await context.controlPlane.write { try $0.updateDomainName(name, operations: input.patchOperations ?? []) }
            return try .json(updated)
        },
        AdminRoute("DELETE", domain, "DeleteDomainName") { request, context in
            let name = request.parameter("domain_name")
            try await context.controlPlane.write { try $0.removeDomainName(name) }
            return .empty(status: 202)
        },
        AdminRoute("POST", mappings, "CreateBasePathMapping") { request, context in
            let input = try request.decode(CreateBasePathMappingInput.self, input: "createBasePathMappingInput")
            let name = request.parameter("domain_name")
            let created = try await context.controlPlane.write { try $0.createBasePathMapping(domainName: name, input) }
            return try .json(created, status: 201)
        },
        AdminRoute("GET", mapping, "GetBasePathMapping") { request, context in
            let (name, basePath) = (request.parameter("domain_name"), request.parameter("base_path"))
            return try .json(try await context.controlPlane.read { try $0.basePathMapping(domainName: name, basePath: basePath) })
        },
        AdminRoute("GET", mappings, "GetBasePathMappings") { request, context in
            let name = request.parameter("domain_name")
            let items = try await context.controlPlane.read { try $0.basePathMappings(domainName: name) }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", mapping, "UpdateBasePathMapping") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateBasePathMappingInput")
            let (name, basePath) = (request.parameter("domain_name"), request.parameter("base_path"))
            let updated = try await context.controlPlane.write { configuration in
                try configuration.updateBasePathMapping(domainName: name, basePath: basePath, operations: input.patchOperations ?? [])
            }
            return try .json(updated)
        },
        AdminRoute("DELETE", mapping, "DeleteBasePathMapping") { request, context in
            let (name, basePath) = (request.parameter("domain_name"), request.parameter("base_path"))
            try await context.controlPlane.write { try $0.removeBasePathMapping(domainName: name, basePath: basePath) }
            return .empty(status: 202)
        },
    ]
}
