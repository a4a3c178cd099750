extension Configuration {
    /// `ImportRestApi`: a new API from an OpenAPI document. The answer carries the import's
    /// `warnings`; with `failOnWarnings` any warning refuses the import (400). A refused import
    /// changes nothing.
    /// - Parameter makeId: makes the ids of the root and of every resource the document needs.
    public mutating func importRestApi(
        _ body: [UInt8], options: OpenAPIImportOptions, id: String, now: Int, makeId: () -> String
    ) throws -> RestApi {
        let definition = try Self.readDefinition(body, options: options)
        guard let title = definition.title else {
            throw GatewayError.badRequest("Errors found during import:\n\tUnable to create the API: info.title is missing")
        }
        let input = CreateRestApiInput(
            name: title, description: definition.description, version: definition.version,
            binaryMediaTypes: definition.binaryMediaTypes, minimumCompressionSize: definition.minimumCompressionSize,
            apiKeySource: definition.apiKeySource,
            endpointConfiguration: EndpointConfiguration(types: options.endpointTypes, vpcEndpointIds: definition.vpcEndpointIds),
            policy: definition.policy, disableExecuteApiEndpoint: definition.disableExecuteApiEndpoint
        )
        var draft = self
        var api = try draft.createRestApi(input, id: id, rootResourceId: makeId(), now: now)
        try draft.apply(definition, apiId: id, options: options, makeId: makeId)
        self = draft
        api.warnings = definition.warnings.isEmpty ? nil : definition.warnings
        return api
    }

    /// `PutRestApi`: merges a document into an API (`merge`: its methods replace those with the same
    /// path and verb, the rest stay) or replaces the API's resources, methods and gateway responses
    /// with it (`overwrite`). Stages and deployments stay. A refused document changes nothing.
    public mutating func putRestApi(
        _ id: String, _ body: [UInt8], options: OpenAPIImportOptions, makeId: () -> String
    ) throws -> RestApi {
        _ = try restApiDocument(id)
        let definition = try Self.readDefinition(body, options: options)
        try Self.validateCompressionSize(definition.minimumCompressionSize)
        var draft = self
        try draft.changeDocument(id) { document in
            let overwrite = options.mode == .overwrite
            if let title = definition.title { document.api.name = title }
            if overwrite || definition.description != nil { document.api.description = definition.description }
            if overwrite || definition.version != nil { document.api.version = definition.version }
            if overwrite || definition.apiKeySource != nil { document.api.apiKeySource = definition.apiKeySource ?? "HEADER" }
            if overwrite || definition.binaryMediaTypes != nil { document.api.binaryMediaTypes = definition.binaryMediaTypes.flatMap { $0.isEmpty ? nil : $0 } }
            if overwrite || definition.minimumCompressionSize != nil { document.api.minimumCompressionSize = definition.minimumCompressionSize }
            if overwrite || definition.policy != nil { document.api.policy = definition.policy }
            if let ids = definition.vpcEndpointIds { document.api.endpointConfiguration.vpcEndpointIds = ids }
            if let disable = definition.disableExecuteApiEndpoint { document.api.disableExecuteApiEndpoint = disable }
            if let types = options.endpointTypes {
                document.api.endpointConfiguration = try Self.validateNewEndpoint(
                    EndpointConfiguration(types: types, vpcEndpointIds: document.api.endpointConfiguration.vpcEndpointIds), apiKeySource: nil)
            }
            if overwrite {
                let root = document.api.rootResourceId
                document.resources = document.resources.filter { $0.key == root }
                document.resources[root]?.resourceMethods = nil
                document.gatewayResponses = [:]
                document.authorizers = nil
                document.requestValidators = nil
                document.models = nil
            }
        }
        try draft.apply(definition, apiId: id, options: options, makeId: makeId)
        self = draft
        var api = try restApi(id)
        api.tags = api.tags ?? [:]
        api.warnings = definition.warnings.isEmpty ? nil : definition.warnings
        return api
    }

    static func readDefinition(_ body: [UInt8], options: OpenAPIImportOptions) throws -> OpenAPIDefinition {
        let definition = try OpenAPIReader.read(OpenAPINode.parse(body))
        if options.failOnWarnings, !definition.warnings.isEmpty {
            throw GatewayError.badRequest("Warnings found during import:\n\t" + definition.warnings.joined(separator: "\n\t"))
        }
        return definition
    }

    /// Creates the document's resources and puts its methods, integrations and gateway responses,
    /// through the same operations (and checks) as the admin API's own calls.
    mutating func apply(_ definition: OpenAPIDefinition, apiId: String, options: OpenAPIImportOptions, makeId: () -> String) throws {
        for input in definition.models {
            guard let name = input.name else { continue }
            do {
                let existing = try restApiDocument(apiId).models?[name]
                if existing != nil { try changeDocument(apiId) { document in document.models?[name] = nil } }
                _ = try createModel(apiId: apiId, input, id: existing?.id ?? makeId())
            } catch let error as GatewayError {
                throw GatewayError.badRequest("Errors found during import:\n\tUnable to create model '\(name)': \(error.message)")
            }
        }
        let authorizerIds = try applyAuthorizers(definition, apiId: apiId, makeId: makeId)
        let validatorIds = try applyRequestValidators(definition, apiId: apiId, makeId: makeId)
        for path in definition.emptyPaths {
            _ = try ensureResource(apiId: apiId, segments: definition.resourcePath(path, basePath: options.basePath), makeId: makeId)
        }
        for operation in definition.operations {
            let segments = definition.resourcePath(operation.path, basePath: options.basePath)
            let resourceId = try ensureResource(apiId: apiId, segments: segments, makeId: makeId)
            let path = "/" + segments.joined(separator: "/")
            do {
                if (try? method(apiId: apiId, resourceId: resourceId, httpMethod: operation.httpMethod)) != nil {
                    try removeMethod(apiId: apiId, resourceId: resourceId, httpMethod: operation.httpMethod)
                }
                var method = operation.method
                method.authorizerId = method.authorizerId.flatMap { authorizerIds[$0] }
                method.requestValidatorId = method.requestValidatorId.flatMap { validatorIds[$0] }
                _ = try putMethod(apiId: apiId, resourceId: resourceId, httpMethod: operation.httpMethod, method)
                for (statusCode, input) in operation.methodResponses {
                    _ = try putMethodResponse(apiId: apiId, resourceId: resourceId, httpMethod: operation.httpMethod, statusCode: statusCode, input)
                }
            } catch let error as GatewayError {
                throw GatewayError.badRequest(
                    "Errors found during import:\n\tUnable to put method '\(operation.httpMethod)' on resource at path '\(path)': \(error.message)")
            }
            guard let integration = operation.integration else { continue }
            do {
                _ = try putIntegration(apiId: apiId, resourceId: resourceId, httpMethod: operation.httpMethod, integration)
                for (statusCode, input) in operation.integrationResponses {
                    _ = try putIntegrationResponse(
                        apiId: apiId, resourceId: resourceId, httpMethod: operation.httpMethod, statusCode: statusCode, input)
                }
            } catch let error as GatewayError {
                throw GatewayError.badRequest(
                    "Errors found during import:\n\tUnable to put integration on '\(operation.httpMethod)' for resource at path '\(path)': \(error.message)")
            }
        }
        for (type, input) in definition.gatewayResponses {
            do {
                _ = try putGatewayResponse(apiId: apiId, type: type, input)
            } catch let error as GatewayError {
                throw GatewayError.badRequest("Errors found during import:\n\tUnable to put gateway response '\(type)': \(error.message)")
            }
        }
    }

    /// Creates the document's authorizers, or updates those of the same name; their ids by name.
    mutating func applyAuthorizers(_ definition: OpenAPIDefinition, apiId: String, makeId: () -> String) throws -> [String: String] {
        var ids: [String: String] = [:]
        for (name, input) in definition.authorizers {
            do {
                if let existing = try authorizers(apiId: apiId).first(where: { $0.name == name }) {
                    try changeDocument(apiId) { document in document.authorizers?[existing.id] = nil }
                    ids[name] = try createAuthorizer(apiId: apiId, input, id: existing.id).id
                } else {
                    ids[name] = try createAuthorizer(apiId: apiId, input, id: makeId()).id
                }
            } catch let error as GatewayError {
                throw GatewayError.badRequest("Errors found during import:\n\tUnable to create authorizer '\(name)': \(error.message)")
            }
        }
        return ids
    }

    /// Creates the document's request validators, or updates those of the same name; their ids by name.
    mutating func applyRequestValidators(_ definition: OpenAPIDefinition, apiId: String, makeId: () -> String) throws -> [String: String] {
        var ids: [String: String] = [:]
        for (name, input) in definition.requestValidators {
            let existing = try requestValidators(apiId: apiId).first { $0.name == name }
            if let existing { try changeDocument(apiId) { document in document.requestValidators?[existing.id] = nil } }
            ids[name] = try createRequestValidator(apiId: apiId, input, id: existing?.id ?? makeId()).id
        }
        return ids
    }

    /// The id of the resource at a path, creating the missing resources along it.
    mutating func ensureResource(apiId: String, segments: [String], makeId: () -> String) throws -> String {
        let document = try restApiDocument(apiId)
        var current = document.api.rootResourceId
        for (index, segment) in segments.enumerated() {
            if let child = try restApiDocument(apiId).children(of: current).first(where: { $0.pathPart == segment }) {
                current = child.id
                continue
            }
            do {
                current = try createResource(apiId: apiId, parentId: current, CreateResourceInput(pathPart: segment), id: makeId()).id
            } catch let error as GatewayError {
                let path = "/" + segments[...index].joined(separator: "/")
                throw GatewayError.badRequest("Errors found during import:\n\tUnable to create resource at path '\(path)': \(error.message)")
            }
        }
        return current
    }
}
