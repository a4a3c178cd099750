import Foundation
import Testing
import TurnpikeTesting

/// Request validators enforced through a running gateway: required parameters and JSON bodies
/// against the method's model (with a `$ref` to another model), on a proxied method and a MOCK.
@Suite(.serialized) struct RequestValidationLiveTests {
    /// Adds `/orders` (POST, proxied to the echo backend; header `x-tenant` and query `dry` required,
    /// body model `Order`) and `/quote` (POST, MOCK, body model `Order`), then deploys.
    static func addValidatedMethods(_ fixture: PetsFixture) async throws {
        func admin(_ method: String, _ target: String, _ json: String = "") async throws -> [String: Any] {
            let response = try await fixture.gateway.admin(method, target, json: json)
            #expect(response.status < 300, "\(method) \(target): \(response.text)")
            return response.json
        }
        let api = "/restapis/\(fixture.apiId)"
        let item = #"{\"type\":\"object\",\"required\":[\"sku\",\"count\"],\"properties\":{\"sku\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}-[0-9]+$\"},\"count\":{\"type\":\"integer\",\"minimum\":1}}}"#
        _ = try await admin("POST", "\(api)/models", #"{"name":"Item","contentType":"application/json","schema":"\#(item)"}"#)
        let order = #"{\"type\":\"object\",\"required\":[\"items\"],\"properties\":{\"items\":{\"type\":\"array\",\"minItems\":1,\"items\":{\"$ref\":\"https://apigateway.amazonaws.com/restapis/\#(fixture.apiId)/models/Item\"}}},\"additionalProperties\":false}"#
        _ = try await admin("POST", "\(api)/models", #"{"name":"Order","contentType":"application/json","schema":"\#(order)"}"#)
        let validator = try #require(try await admin("POST", "\(api)/requestvalidators",
            #"{"name":"all","validateRequestBody":true,"validateRequestParameters":true}"#)["id"] as? String)

        let resources = try await admin("GET", "\(api)/resources")
        let root = try #require((resources["item"] as? [[String: Any]])?.first { $0["path"] as? String == "/" }?["id"] as? String)
        let orders = try #require(try await admin("POST", "\(api)/resources/\(root)", #"{"pathPart":"orders"}"#)["id"] as? String)
        _ = try await admin("PUT", "\(api)/resources/\(orders)/methods/POST", """
            {"authorizationType":"NONE","requestValidatorId":"\(validator)","requestModels":{"application/json":"Order"},
             "requestParameters":{"method.request.header.x-tenant":true,"method.request.querystring.dry":true,"method.request.querystring.note":false}}
            """)
        _ = try await admin("PUT", "\(api)/resources/\(orders)/methods/POST/integration",
                            #"{"type":"HTTP_PROXY","httpMethod":"POST","uri":"http://127.0.0.1:\#(fixture.backend.port)/orders"}"#)
        let quote = try #require(try await admin("POST", "\(api)/resources/\(root)", #"{"pathPart":"quote"}"#)["id"] as? String)
        _ = try await admin("PUT", "\(api)/resources/\(quote)/methods/POST",
                            #"{"authorizationType":"NONE","requestValidatorId":"\#(validator)","requestModels":{"$default":"Order"}}"#)
        _ = try await admin("PUT", "\(api)/resources/\(quote)/methods/POST/integration",
                            #"{"type":"MOCK","requestTemplates":{"application/json":"{\"statusCode\": 200}"}}"#)
        _ = try await admin("PUT", "\(api)/resources/\(quote)/methods/POST/integration/responses/200",
                            #"{"responseTemplates":{"application/json":"{\"quoted\":true}"}}"#)
        _ = try await admin("POST", "\(api)/deployments", #"{"stageName":"prod"}"#)
    }

    static let goodOrder = Array(#"{"items":[{"sku":"ABC-1","count":2}]}"#.utf8)

    @Test func requiredParametersAreEnforced() async throws {
        try await PetsFixture.with { fixture in
            try await Self.addValidatedMethods(fixture)
            let client = try await fixture.gateway.connect()
            let json = [("content-type", "application/json")]

            let none = try await client.send("POST", fixture.path("/orders"), headers: json, body: Self.goodOrder)
            #expect(none.status == 400 && none.text == #"{"message":"Missing required request parameters: [x-tenant, dry]"}"#)
            #expect(none.header("x-amzn-ErrorType") == "BadRequestException")
            let noQuery = try await client.send("POST", fixture.path("/orders"), headers: json + [("X-Tenant", "t1")], body: Self.goodOrder)
            #expect(noQuery.text == #"{"message":"Missing required request parameters: [dry]"}"#)
            let connectionsBefore = fixture.backend.connections
            #expect(connectionsBefore == 0, "no refused request reaches the backend")

            let passed = try await client.send("POST", fixture.path("/orders?dry="), headers: json + [("x-tenant", "t1")], body: Self.goodOrder)
            #expect(passed.status == 200 && passed.text.contains("ABC-1"), "\(passed.status) \(passed.text)")
            let encoded = try await client.send("POST", fixture.path("/orders?%64ry=1"), headers: json + [("x-tenant", "t1")], body: Self.goodOrder)
            #expect(encoded.status == 200)
            #expect(client.isActive)
            await client.close()
        }
    }

    @Test func bodiesAreValidatedAgainstTheModel() async throws {
        try await PetsFixture.with { fixture in
            try await Self.addValidatedMethods(fixture)
            let client = try await fixture.gateway.connect()
            let headers = [("content-type", "application/json; charset=utf-8"), ("x-tenant", "t1")]
            let target = fixture.path("/orders?dry=1")
            for body in [#"{"items":[]}"#, #"{"items":[{"sku":"abc","count":2}]}"#, #"{"items":[{"sku":"ABC-1","count":0}]}"#,
                         #"{"items":[{"sku":"ABC-1","count":1}],"extra":1}"#, #"[1,2]"#, #"{"items":"#, ""] {
                let refused = try await client.send("POST", target, headers: headers, body: Array(body.utf8))
                #expect(refused.status == 400 && refused.text == #"{"message":"Invalid request body"}"#, "\(body): \(refused.text)")
                #expect(refused.header("x-amzn-ErrorType") == "BadRequestException")
            }
            #expect(fixture.backend.connections == 0)
            // Another media type has no model and no `$default`: the body is not checked.
            let text = try await client.send("POST", target, headers: [("content-type", "text/plain"), ("x-tenant", "t1")],
                                             body: Array("free text".utf8))
            #expect(text.status == 200)

            // The MOCK method validates with its `$default` model.
            let badQuote = try await client.send("POST", fixture.path("/quote"), headers: [("content-type", "text/plain")],
                                                 body: Array(#"{"items":[{"sku":"ABC-1"}]}"#.utf8))
            #expect(badQuote.status == 400 && badQuote.text == #"{"message":"Invalid request body"}"#)
            let quote = try await client.send("POST", fixture.path("/quote"), headers: [("content-type", "application/json")], body: Self.goodOrder)
            #expect(quote.status == 200 && quote.text == #"{"quoted":true}"#)

            // A gateway response shows the violations.
            let put = try await fixture.gateway.admin("PUT", "/restapis/\(fixture.apiId)/gatewayresponses/BAD_REQUEST_BODY", json: """
                {"responseTemplates":{"application/json":"{\\"error\\":\\"$context.error.validationErrorString\\",\\"type\\":\\"$context.error.responseType\\"}"}}
                """)
            #expect(put.status == 201, "\(put.text)")
            let detailed = try await client.send("POST", fixture.path("/quote"), headers: [("content-type", "application/json")],
                                                 body: Array(#"{"items":[{"count":1}]}"#.utf8))
            #expect(detailed.status == 400)
            let error = try #require(detailed.json["error"] as? String, "\(detailed.text)")
            #expect(error == #"[object has missing required properties (["sku"])]"#)
            #expect(detailed.json["type"] as? String == "BAD_REQUEST_BODY")
            await client.close()
        }
    }

    @Test func modelSchemasMustBeDraft4() async throws {
        try await PetsFixture.with { fixture in
            for schema in [#"{\"type\":\"text\"}"#, #"{\"required\":[]}"#, #"{\"minimum\":\"1\"}"#, #"{\"pattern\":\"(\"}"#, #"[1]"#] {
                let created = try await fixture.gateway.admin("POST", "/restapis/\(fixture.apiId)/models",
                                                              json: #"{"name":"Bad","contentType":"application/json","schema":"\#(schema)"}"#)
                #expect(created.status == 400, "\(schema)")
                #expect(created.json["message"] as? String
                        == "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]")
            }
        }
    }
}
