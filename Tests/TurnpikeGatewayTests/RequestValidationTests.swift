import Testing
import TurnpikeModel
@testable import TurnpikeGateway

/// ``RequestValidation`` decided directly: which validator checks what, media type selection,
/// references between models, and the refusals' words.
@Suite struct RequestValidationTests {
    static let catalog = ModelCatalog(
        apiId: "api1",
        validators: [
            "all": RequestValidator(id: "all", name: "all", validateRequestBody: true, validateRequestParameters: true),
            "params": RequestValidator(id: "params", name: "params", validateRequestBody: false, validateRequestParameters: true),
            "none": RequestValidator(id: "none", name: "none", validateRequestBody: false, validateRequestParameters: false),
        ],
        models: [
            "Pet": Model(id: "m1", name: "Pet", schema: #"{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"tag":{"$ref":"https://apigateway.amazonaws.com/restapis/api1/models/Tag"}}}"#, contentType: "application/json"),
            "Tag": Model(id: "m2", name: "Tag", schema: #"{"type":"string","maxLength":3}"#, contentType: "application/json"),
        ])

    static func method(validator: String?, parameters: [String: Bool] = [:], models: [String: String] = [:]) -> TurnpikeModel.Method {
        var method = TurnpikeModel.Method(httpMethod: "POST")
        method.requestValidatorId = validator
        method.requestParameters = parameters
        method.requestModels = models
        return method
    }

    func refusal(_ validation: RequestValidation, headers: [String: String] = [:], query: String = "", path: [String: String] = [:],
                 contentType: String? = "application/json", body: String? = nil) -> RequestValidation.Refusal? {
        validation.refusal(header: { name in headers.first { $0.key.lowercased() == name.lowercased() }?.value },
                           rawQuery: query, pathParameter: { path[$0].map { Substring($0) } },
                           contentType: contentType, body: body.map { Array($0.utf8) })
    }

    @Test func onlyWhatTheValidatorChecks() {
        let parameters = ["method.request.header.x-a": true, "method.request.querystring.q": true, "method.request.path.id": true,
                          "method.request.querystring.optional": false]
        #expect(RequestValidation(method: Self.method(validator: nil, parameters: parameters), catalog: Self.catalog) == nil)
        #expect(RequestValidation(method: Self.method(validator: "none", parameters: parameters), catalog: Self.catalog) == nil)
        #expect(RequestValidation(method: Self.method(validator: "unknown", parameters: parameters), catalog: Self.catalog) == nil)
        let paramsOnly = RequestValidation(method: Self.method(validator: "params", parameters: parameters, models: ["application/json": "Pet"]),
                                           catalog: Self.catalog)
        #expect(paramsOnly?.validatesBody == false)
    }

    @Test func missingParametersAreNamed() throws {
        let parameters = ["method.request.header.x-a": true, "method.request.querystring.q": true, "method.request.path.id": true,
                          "method.request.multivaluequerystring.m": true, "method.request.querystring.optional": false]
        let validation = try #require(RequestValidation(method: Self.method(validator: "params", parameters: parameters), catalog: Self.catalog))
        let all = refusal(validation)
        #expect(all == .init(type: .badRequestParameters, message: "Missing required request parameters: [x-a, id, m, q]", validationErrors: ""))
        #expect(refusal(validation, headers: ["X-A": ""], query: "q=&m=1&m=2", path: ["id": "7"]) == nil)
        #expect(refusal(validation, headers: ["X-A": "1"], query: "%71=1&m", path: ["id": "7"]) == nil)
        #expect(refusal(validation, headers: ["X-A": "1"], query: "qq=1&m", path: ["id": "7"])?.message == "Missing required request parameters: [q]")
        #expect(refusal(validation, headers: ["X-A": "1"], query: "q&m", path: ["id": ""])?.message == "Missing required request parameters: [id]")
    }

    @Test func bodiesAgainstTheModelOfTheirMediaType() throws {
        let models = ["application/json": "Pet", "application/xml": "Empty"]
        let validation = try #require(RequestValidation(method: Self.method(validator: "all", models: models), catalog: Self.catalog))
        #expect(refusal(validation, body: #"{"name":"rex","tag":"ab"}"#) == nil)
        #expect(refusal(validation, contentType: nil, body: #"{"name":"rex"}"#) == nil)
        #expect(refusal(validation, contentType: "Application/JSON; charset=utf-8", body: #"{"name":"rex"}"#) == nil)
        let tooLong = refusal(validation, body: #"{"name":"rex","tag":"abcd"}"#)
        #expect(tooLong == .init(type: .badRequestBody, message: "Invalid request body",
                                 validationErrors: #"[string "abcd" is too long (length: 4, maximum allowed: 3)]"#))
        #expect(refusal(validation, body: #"{"tag":1}"#)?.validationErrors
                == #"[object has missing required properties (["name"]), instance type (integer) does not match any allowed primitive type (allowed: ["string"])]"#)
        #expect(refusal(validation, body: "")?.type == .badRequestBody)
        #expect(refusal(validation, body: "{nope")?.validationErrors == "[Invalid JSON in the request body]")
        // The built-in Empty model wants an object; an empty body reads as one.
        #expect(refusal(validation, contentType: "application/xml", body: "") == nil)
        #expect(refusal(validation, contentType: "application/xml", body: "[]")?.type == .badRequestBody)
        // No model for the media type and no `$default`: not checked.
        #expect(refusal(validation, contentType: "text/plain", body: "anything") == nil)
    }

    @Test func deepOrCostlyBodiesAreRefusedNotFollowed() throws {
        let validation = try #require(RequestValidation(method: Self.method(validator: "all", models: ["$default": "Empty"]), catalog: Self.catalog))
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(refusal(validation, body: deep)?.type == .badRequestBody)
    }

    @Test func refusalsRenderWithTheirMessage() {
        let defaults = GatewayResponseRenderer.defaults.render(.badRequestParameters, message: "Missing required request parameters: [q]",
                                                               validationErrorString: "")
        #expect(defaults.status == 400 && String(decoding: defaults.body, as: UTF8.self)
                == #"{"message":"Missing required request parameters: [q]"}"#)
        let put = GatewayResponseRenderer(gatewayResponses: ["DEFAULT_4XX": GatewayResponse(
            responseType: "DEFAULT_4XX", statusCode: "422",
            responseTemplates: ["application/json": #"{"m":$context.error.messageString,"v":"$context.error.validationErrorString"}"#],
            defaultResponse: false)])
        let rendered = put.render(.badRequestBody, message: "Invalid request body", validationErrorString: #"[bad "x"]"#)
        #expect(rendered.status == 422 && String(decoding: rendered.body, as: UTF8.self)
                == #"{"m":"Invalid request body","v":"[bad \"x\"]"}"#)
    }
}

/// Models imported from OpenAPI reference one another as `#/definitions/{name}`.
@Suite struct ImportedModelReferenceTests {
    @Test func definitionsReferencesResolveToTheApisModels() throws {
        let catalog = ModelCatalog(apiId: "api1", validators: [
            "body": RequestValidator(id: "body", name: "body", validateRequestBody: true, validateRequestParameters: false),
        ], models: [
            "Order": Model(id: "m1", name: "Order", schema: ##"{"type":"object","properties":{"item":{"$ref":"#/definitions/Item"}}}"##,
                           contentType: "application/json"),
            "Item": Model(id: "m2", name: "Item", schema: #"{"type":"object","required":["sku"]}"#, contentType: "application/json"),
        ])
        var method = TurnpikeModel.Method(httpMethod: "POST")
        method.requestValidatorId = "body"
        method.requestModels = ["application/json": "Order"]
        let validation = try #require(RequestValidation(method: method, catalog: catalog))
        func refusal(_ body: String) -> RequestValidation.Refusal? {
            validation.refusal(header: { _ in nil }, rawQuery: "", pathParameter: { _ in nil }, contentType: "application/json",
                               body: Array(body.utf8))
        }
        #expect(refusal(#"{"item":{"sku":"a"}}"#) == nil)
        #expect(refusal(#"{"item":{}}"#)?.type == .badRequestBody)
    }
}
