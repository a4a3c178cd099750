import Foundation
@testable import TurnpikeModel

/// OpenAPI documents for the import and export tests, and a comparison of configurations that
/// leaves out what differs between two imports (ids, dates).
enum OpenAPIFixture {
    /// A Swagger 2.0 pet store in JSON with AWS's extensions.
    static let swaggerJSON = #"""
    {
      "swagger": "2.0",
      "info": {"title": "PetStore", "description": "Pets for sale", "version": "2024-01-01"},
      "basePath": "/v1/api",
      "x-amazon-apigateway-api-key-source": "HEADER",
      "x-amazon-apigateway-binary-media-types": ["image/png"],
      "x-amazon-apigateway-endpoint-configuration": {"disableExecuteApiEndpoint": false},
      "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": []},
      "x-amazon-apigateway-gateway-responses": {
        "QUOTA_EXCEEDED": {"statusCode": "429", "responseTemplates": {"application/json": "{\"message\":\"slow down\"}"}}
      },
      "securityDefinitions": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
      "definitions": {
        "Pet": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        "Pets": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}
      },
      "paths": {
        "/pets": {
          "get": {
            "operationId": "ListPets",
            "parameters": [{"name": "type", "in": "query", "required": false, "type": "string"}],
            "responses": {"200": {"description": "ok", "headers": {"X-Count": {"type": "string"}}, "schema": {"$ref": "#/definitions/Pets"}}},
            "security": [{"api_key": []}],
            "x-amazon-apigateway-integration": {
              "type": "http_proxy", "httpMethod": "GET", "uri": "http://backend.example.com/pets",
              "requestParameters": {"integration.request.querystring.type": "method.request.querystring.type"},
              "passthroughBehavior": "when_no_match", "timeoutInMillis": 5000,
              "responses": {"default": {"statusCode": "200"}}
            }
          },
          "post": {
            "parameters": [{"in": "body", "name": "Pet", "required": true, "schema": {"$ref": "#/definitions/Pet"}}],
            "responses": {"201": {"description": "created"}},
            "x-amazon-apigateway-integration": {
              "type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 201}"},
              "responses": {"default": {"statusCode": "201", "responseTemplates": {"application/json": "{\"id\": 1}"}}}
            }
          }
        },
        "/pets/{petId}": {
          "parameters": [{"name": "petId", "in": "path", "required": true, "type": "string"}],
          "x-amazon-apigateway-any-method": {
            "responses": {},
            "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "ANY", "uri": "http://backend.example.com/pets/{petId}",
              "requestParameters": {"integration.request.path.petId": "method.request.path.petId"}}
          }
        }
      }
    }
    """#

    /// The same API as OpenAPI 3.0 in YAML (status codes unquoted, as people write them).
    static let openAPIYAML = #"""
    openapi: 3.0.1
    info:
      title: PetStore
      description: Pets for sale
      version: "2024-01-01"
    servers:
      - url: https://example.com/{basePath}
        variables:
          basePath:
            default: v1/api
    x-amazon-apigateway-api-key-source: HEADER
    x-amazon-apigateway-binary-media-types:
      - image/png
    x-amazon-apigateway-policy:
      Version: "2012-10-17"
      Statement: []
    x-amazon-apigateway-gateway-responses:
      QUOTA_EXCEEDED:
        statusCode: "429"
        responseTemplates:
          application/json: '{"message":"slow down"}'
    components:
      schemas:
        Pet:
          type: object
          required: [name]
          properties:
            name: {type: string}
        Pets:
          type: array
          items: {$ref: "#/components/schemas/Pet"}
      securitySchemes:
        api_key:
          type: apiKey
          name: x-api-key
          in: header
    paths:
      /pets:
        get:
          operationId: ListPets
          parameters:
            - name: type
              in: query
              schema:
                type: string
          responses:
            200:
              description: ok
              headers:
                X-Count:
                  schema:
                    type: string
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Pets"}
          security:
            - api_key: []
          x-amazon-apigateway-integration:
            type: http_proxy
            httpMethod: GET
            uri: http://backend.example.com/pets
            requestParameters:
              integration.request.querystring.type: method.request.querystring.type
            passthroughBehavior: when_no_match
            timeoutInMillis: 5000
            responses:
              default:
                statusCode: 200
        post:
          requestBody:
            content:
              application/json:
                schema: {$ref: "#/components/schemas/Pet"}
          responses:
            201:
              description: created
          x-amazon-apigateway-integration:
            type: mock
            requestTemplates:
              application/json: '{"statusCode": 201}'
            responses:
              default:
                statusCode: "201"
                responseTemplates:
                  application/json: '{"id": 1}'
      /pets/{petId}:
        parameters:
          - name: petId
            in: path
            required: true
            schema:
              type: string
        x-amazon-apigateway-any-method:
          responses: {}
          x-amazon-apigateway-integration:
            type: http_proxy
            httpMethod: ANY
            uri: http://backend.example.com/pets/{petId}
            requestParameters:
              integration.request.path.petId: method.request.path.petId
    """#

    /// An OpenAPI 3.0 document with a TOKEN and a Cognito authorizer and request validators.
    static let guarded = #"""
    openapi: 3.0.1
    info: {title: Guarded, version: "1"}
    x-amazon-apigateway-request-validators:
      all: {validateRequestBody: true, validateRequestParameters: true}
      body: {validateRequestBody: true, validateRequestParameters: false}
    x-amazon-apigateway-request-validator: all
    components:
      securitySchemes:
        api_key: {type: apiKey, name: x-api-key, in: header}
        token:
          type: apiKey
          name: Authorization
          in: header
          x-amazon-apigateway-authtype: custom
          x-amazon-apigateway-authorizer:
            type: token
            authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:auth/invocations
            authorizerResultTtlInSeconds: 60
        jwt:
          type: apiKey
          name: Authorization
          in: header
          x-amazon-apigateway-authtype: cognito_user_pools
          x-amazon-apigateway-authorizer:
            type: cognito_user_pools
            providerARNs: [arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_x]
    paths:
      /orders:
        get:
          security: [{api_key: [], token: []}]
          responses: {200: {description: ok}}
          x-amazon-apigateway-integration: {type: mock}
        post:
          security: [{jwt: []}]
          x-amazon-apigateway-request-validator: body
          responses: {}
          x-amazon-apigateway-integration: {type: mock}
    """#

    /// Imports a document into a fresh configuration; returns it with the new API's id.
    static func imported(_ text: String, options: OpenAPIImportOptions = .init()) throws -> (Configuration, RestApi) {
        var configuration = Configuration()
        var next = 0
        let api = try configuration.importRestApi(Array(text.utf8), options: options, id: "imported01", now: 1_764_000_000) {
            next += 1
            return "res\(next)"
        }
        return (configuration, api)
    }

    /// The API's configuration with ids left out, as sorted JSON: settings, gateway responses, and
    /// for each path its methods with `cacheNamespace` (the resource id by default) blanked.
    /// With `byName`, methods name their authorizer and validator by name (ids differ between imports).
    static func shape(_ configuration: Configuration, apiId: String, byName: Bool = false) throws -> String {
        struct Shape: Encodable {
            var api: RestApi
            var gatewayResponses: [String: GatewayResponse]
            var paths: [String: [String: Method]]
            var models: [String: Model]
        }
        let document = try configuration.restApiDocument(apiId)
        var shape = Shape(
            api: document.api, gatewayResponses: document.gatewayResponses, paths: [:],
            models: (document.models ?? [:]).mapValues { Model(id: "", name: $0.name, description: $0.description, schema: $0.schema, contentType: $0.contentType) }
        )
        (shape.api.id, shape.api.rootResourceId, shape.api.createdDate, shape.api.warnings) = ("", "", 0, nil)
        for resource in document.resources.values {
            var methods = resource.resourceMethods ?? [:]
            for (key, original) in methods {
                var method = original
                method.methodIntegration?.cacheNamespace = nil
                if byName {
                    method.authorizerId = method.authorizerId.flatMap { document.authorizers?[$0]?.name }
                    method.requestValidatorId = method.requestValidatorId.flatMap { document.requestValidators?[$0]?.name }
                }
                methods[key] = method
            }
            shape.paths[resource.path] = methods
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(shape), as: UTF8.self)
    }
}
