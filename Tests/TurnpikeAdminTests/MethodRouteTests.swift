import Foundation
import Testing
import TurnpikeTesting

@Suite struct MethodRouteTests {
    @Test func methodLifecycle() async throws {
        let harness = try await AdminTestHarness()
        let api = try await RoutedApi.build(harness, integrate: false)
        let put = await harness.send("PUT", "\(api.pets)/methods/POST", json: """
            {"authorizationType":"NONE","requestParameters":{"method.request.header.x-trace":true}}
            """)
        #expect(put.status == 201 && put.json["httpMethod"] as? String == "POST" && put.json["apiKeyRequired"] as? Bool == false)
        let again = await harness.send("PUT", "\(api.pets)/methods/POST", json: #"{"authorizationType":"NONE"}"#)
        #expect(again.status == 409 && again.message == "Method already exists for this resource")
        let badMethod = await harness.send("PUT", "\(api.pets)/methods/FOO", json: #"{"authorizationType":"NONE"}"#)
        #expect(badMethod.status == 400 && badMethod.message == "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")

        let updated = await harness.send("PATCH", "\(api.pets)/methods/POST", json: #"{"patchOperations":[{"op":"replace","path":"/apiKeyRequired","value":"true"}]}"#)
        #expect(updated.status == 200 && updated.json["apiKeyRequired"] as? Bool == true)
        #expect(await harness.send("GET", "\(api.pets)/methods/POST").json["apiKeyRequired"] as? Bool == true)

        let response = await harness.send("PUT", "\(api.pets)/methods/POST/responses/200", json: #"{"responseModels":{"application/json":"Empty"}}"#)
        #expect(response.status == 201 && response.json["statusCode"] as? String == "200")
        let patched = await harness.send("PATCH", "\(api.pets)/methods/POST/responses/200", json: """
            {"patchOperations":[{"op":"add","path":"/responseParameters/method.response.header.X-Id","value":"true"}]}
            """)
        #expect(patched.status == 201, "AWS answers UpdateMethodResponse with 201")
        #expect((patched.json["responseParameters"] as? [String: Bool]) == ["method.response.header.X-Id": true])
        #expect(await harness.send("GET", "\(api.pets)/methods/POST/responses/200").status == 200)
        let method = await harness.send("GET", "\(api.pets)/methods/POST")
        #expect((method.json["methodResponses"] as? [String: Any])?["200"] != nil)
        #expect(await harness.send("DELETE", "\(api.pets)/methods/POST/responses/200").status == 204)
        let noResponse = await harness.send("GET", "\(api.pets)/methods/POST/responses/200")
        #expect(noResponse.status == 404 && noResponse.message == "Invalid Response status code specified")

        let deleted = await harness.send("DELETE", "\(api.pets)/methods/POST")
        #expect(deleted.status == 204 && deleted.body.isEmpty)
        let gone = await harness.send("GET", "\(api.pets)/methods/POST")
        #expect(gone.status == 404 && gone.message == "Invalid Method identifier specified")
    }
}
