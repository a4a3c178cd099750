import Foundation
import Testing
import TurnpikeTesting

/// Authorizers, models and request validators over the wire: AWS's paths, statuses and errors.
@Suite struct ApiDefinitionRouteTests {
    @Test(arguments: [
        ("authorizers", #"{"name":"auth","type":"TOKEN","authorizerUri":"arn:aws:lambda:fn","identitySource":"method.request.header.Authorization"}"#,
         "id", #"{"patchOperations":[{"op":"replace","path":"/authorizerResultTtlInSeconds","value":"60"}]}"#, "authorizerResultTtlInSeconds"),
        ("models", #"{"name":"Pet","contentType":"application/json","schema":"{\"type\":\"object\"}"}"#,
         "name", #"{"patchOperations":[{"op":"replace","path":"/description","value":"a pet"}]}"#, "description"),
        ("requestvalidators", #"{"name":"all","validateRequestBody":true}"#,
         "id", #"{"patchOperations":[{"op":"replace","path":"/validateRequestParameters","value":"true"}]}"#, "validateRequestParameters"),
    ])
    func lifecycle(family: String, create: String, key: String, patch: String, patchedField: String) async throws {
        let harness = try await AdminTestHarness()
        let api = try await RoutedApi.build(harness)
        let base = "/restapis/\(api.id)/\(family)"
        let created = await harness.send("POST", base, json: create)
        #expect(created.status == 201, "\(created.text)")
        let name = try #require(created.json[key] as? String)
        #expect(await harness.send("GET", "\(base)/\(name)").status == 200)
        let list = await harness.send("GET", base)
        #expect((list.json["item"] as? [Any])?.count == 1)
        let patched = await harness.send("PATCH", "\(base)/\(name)", json: patch)
        #expect(patched.status == 200 && patched.json[patchedField] != nil)
        let duplicate = await harness.send("POST", base, json: create)
        #expect((400..<500).contains(duplicate.status) && duplicate.errorType != nil)
        #expect(await harness.send("DELETE", "\(base)/\(name)").status == 202)
        let gone = await harness.send("GET", "\(base)/\(name)")
        #expect(gone.status == 404 && gone.errorType == "NotFoundException")
        #expect(await harness.send("GET", "/restapis/nope/\(family)").status == 404)
    }

    @Test func methodsReferenceThemAndTestInvokeAuthorizerIsRefused() async throws {
        let harness = try await AdminTestHarness()
        let api = try await RoutedApi.build(harness)
        let authorizer = await harness.send("POST", "/restapis/\(api.id)/authorizers",
                                            json: #"{"name":"auth","type":"REQUEST","authorizerUri":"arn:aws:lambda:fn"}"#)
        let authorizerId = try #require(authorizer.json["id"] as? String)
        let method = "/restapis/\(api.id)/resources/\(api.petsId)/methods/POST"
        let put = await harness.send("PUT", method, json: #"{"authorizationType":"CUSTOM","authorizerId":"\#(authorizerId)"}"#)
        #expect(put.status == 201 && put.json["authorizerId"] as? String == authorizerId)
        let inUse = await harness.send("DELETE", "/restapis/\(api.id)/authorizers/\(authorizerId)")
        #expect(inUse.status == 409 && inUse.errorType == "ConflictException")
        let test = await harness.send("POST", "/restapis/\(api.id)/authorizers/\(authorizerId)", json: "{}")
        #expect(test.status == 400 && test.message == "Turnpike does not implement the API Gateway operation TestInvokeAuthorizer")
    }
}
