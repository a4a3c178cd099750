import Foundation
import Testing
import TurnpikeTesting

@Suite(.serialized) struct InvokeRoutingTests {
    @Test func mockAnswersAndRefusalsHaveAWSShapes() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()

            let ok = try await client.send("GET", fixture.path("/mock"), headers: [("x-api-key", fixture.keyValue)])
            #expect(ok.status == 200 && ok.text == #"{"pets":"mocked"}"#)
            #expect(ok.header("x-amzn-RequestId")?.count == 36)
            #expect(ok.header("x-amz-apigw-id") != nil)

            let missing = try await client.send("GET", fixture.path("/nowhere"))
            #expect(missing.status == 403 && missing.text == #"{"message":"Missing Authentication Token"}"#)
            #expect(missing.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")

            let wrongMethod = try await client.send("DELETE", fixture.path("/mock"), headers: [("x-api-key", fixture.keyValue)])
            #expect(wrongMethod.status == 403 && wrongMethod.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")

            let unknownStage = try await client.send("GET", fixture.path("/mock", stage: "beta"), headers: [("x-api-key", fixture.keyValue)])
            #expect(unknownStage.status == 403)

            let noKey = try await client.send("GET", fixture.path("/mock"))
            #expect(noKey.status == 403 && noKey.text == #"{"message":"Forbidden"}"#)
            #expect(noKey.header("x-amzn-ErrorType") == "ForbiddenException")
            let badKey = try await client.send("GET", fixture.path("/mock"), headers: [("X-API-KEY", "not-a-key-0123456789-xyz")])
            #expect(badKey.status == 403)
            let caseInsensitive = try await client.send("GET", fixture.path("/mock"), headers: [("X-Api-Key", fixture.keyValue)])
            #expect(caseInsensitive.status == 200)
            let inQuery = try await client.send("GET", fixture.path("/mock?x-api-key=\(fixture.keyValue)"))
            #expect(inQuery.status == 403)
            #expect(client.isActive)
            await client.close()
        }
    }

    @Test func keyAndPlanChangesApplyAtOnce() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            let headers = [("x-api-key", fixture.keyValue)]
            #expect(try await client.send("GET", fixture.path("/mock"), headers: headers).status == 200)

            _ = try await fixture.gateway.admin("PATCH", "/apikeys/\(fixture.keyId)",
                                                json: #"{"patchOperations":[{"op":"replace","path":"/enabled","value":"false"}]}"#)
            #expect(try await client.send("GET", fixture.path("/mock"), headers: headers).status == 403)
            _ = try await fixture.gateway.admin("PATCH", "/apikeys/\(fixture.keyId)",
                                                json: #"{"patchOperations":[{"op":"replace","path":"/enabled","value":"true"}]}"#)
            #expect(try await client.send("GET", fixture.path("/mock"), headers: headers).status == 200)

            _ = try await fixture.gateway.admin("DELETE", "/usageplans/\(fixture.planId)/keys/\(fixture.keyId)")
            #expect(try await client.send("GET", fixture.path("/mock"), headers: headers).status == 403)
            _ = try await fixture.gateway.admin("POST", "/usageplans/\(fixture.planId)/keys", json: #"{"keyId":"\#(fixture.keyId)","keyType":"API_KEY"}"#)
            #expect(try await client.send("GET", fixture.path("/mock"), headers: headers).status == 200)

            _ = try await fixture.gateway.admin("DELETE", "/apikeys/\(fixture.keyId)")
            #expect(try await client.send("GET", fixture.path("/mock"), headers: headers).status == 403)
            await client.close()
        }
    }

    @Test func resourceChangesWaitForADeployment() async throws {
        try await PetsFixture.with { fixture in
            let resources = try await fixture.gateway.admin("GET", "/restapis/\(fixture.apiId)/resources")
            let root = try #require((resources.json["item"] as? [[String: Any]])?.first { $0["path"] as? String == "/" }?["id"] as? String)
            let created = try await fixture.gateway.admin("POST", "/restapis/\(fixture.apiId)/resources/\(root)", json: #"{"pathPart":"fresh"}"#)
            let fresh = try #require(created.json["id"] as? String)
            _ = try await fixture.gateway.admin("PUT", "/restapis/\(fixture.apiId)/resources/\(fresh)/methods/GET", json: #"{"authorizationType":"NONE"}"#)
            _ = try await fixture.gateway.admin("PUT", "/restapis/\(fixture.apiId)/resources/\(fresh)/methods/GET/integration",
                                                json: #"{"type":"MOCK","requestTemplates":{"application/json":"{\"statusCode\": 202}"}}"#)
            let client = try await fixture.gateway.connect()
            #expect(try await client.send("GET", fixture.path("/fresh")).status == 403)
            _ = try await fixture.gateway.admin("POST", "/restapis/\(fixture.apiId)/deployments", json: #"{"stageName":"prod"}"#)
            #expect(try await client.send("GET", fixture.path("/fresh")).status == 202)
            await client.close()
        }
    }

    @Test func gatewayResponsesCanBeOverriddenPerApi() async throws {
        try await PetsFixture.with { fixture in
            let put = try await fixture.gateway.admin("PUT", "/restapis/\(fixture.apiId)/gatewayresponses/INVALID_API_KEY", json: """
                {"statusCode":"401","responseTemplates":{"application/json":"{\\"error\\":$context.error.messageString}"},
                 "responseParameters":{"gatewayresponse.header.x-why":"'no key'"}}
                """)
            #expect(put.status == 201, "\(put.text)")
            let client = try await fixture.gateway.connect()
            let refused = try await client.send("GET", fixture.path("/mock"))
            #expect(refused.status == 401 && refused.text == #"{"error":"Forbidden"}"#)
            #expect(refused.header("x-why") == "no key")
            let missing = try await client.send("GET", fixture.path("/nowhere"))
            #expect(missing.status == 403 && missing.text == #"{"message":"Missing Authentication Token"}"#)
            await client.close()
        }
    }

    @Test func hostFormReachesTheSameStage() async throws {
        try await PetsFixture.with { fixture in
            let client = try await fixture.gateway.connect()
            let response = try await client.send("GET", "/prod/mock", headers: [
                ("host", "\(fixture.apiId).execute-api.localhost:\(fixture.gateway.port)"), ("x-api-key", fixture.keyValue),
            ])
            #expect(response.status == 200 && response.text == #"{"pets":"mocked"}"#)
            let echoed = try await client.send("POST", "/prod/open/a/b?x=1", headers: [("host", "\(fixture.apiId).execute-api.example.com")],
                                               body: Array("hi".utf8))
            #expect(echoed.status == 200 && echoed.json["uri"] as? String == "/a/b?x=1" && echoed.json["body"] as? String == "hi")
            await client.close()
        }
    }

    @Test func adminAnswersOnItsOwnPortWhenAsked() async throws {
        let gateway = try await LiveGateway.start(separateAdmin: true)
        let adminPort = gateway.adminPort
        #expect(adminPort != nil && adminPort != gateway.port)
        #expect(try await gateway.admin("GET", "/apikeys").status == 200)
        let client = try await gateway.connect()
        let onMain = try await client.send("GET", "/apikeys")
        #expect(onMain.status == 403 && onMain.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")
        await client.close()
        await gateway.stop()
        gateway.removeData()
    }
}
