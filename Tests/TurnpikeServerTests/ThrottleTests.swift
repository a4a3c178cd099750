import Foundation
import Testing
import TurnpikeTesting

/// Token buckets in AWS's order on real traffic. Rates are tiny (one token per ~17 minutes), so a
/// bucket never refills during a test: every refusal below is the burst running out, no sleeping.
@Suite(.serialized) struct ThrottleTests {
    static let slow = "0.001"

    func patchPlan(_ fixture: PetsFixture, _ operations: String) async throws {
        let response = try await fixture.gateway.admin("PATCH", "/usageplans/\(fixture.planId)", json: #"{"patchOperations":[\#(operations)]}"#)
        #expect(response.status == 200, "\(response.text)")
    }

    func expectThrottled(_ response: HTTPTestResponse) {
        #expect(response.status == 429)
        #expect(response.text == #"{"message":"Too Many Requests"}"#)
        #expect(response.header("x-amzn-ErrorType") == "TooManyRequestsException")
    }

    @Test func thePlanBucketIsPerKeyAndSharedByTheStagesOfThePlan() async throws {
        try await PetsFixture.with { fixture in
            _ = try await fixture.gateway.admin("POST", "/restapis/\(fixture.apiId)/deployments", json: #"{"stageName":"beta"}"#)
            try await patchPlan(fixture, """
                {"op":"add","path":"/apiStages","value":"\(fixture.apiId):beta"},
                {"op":"replace","path":"/throttle/rateLimit","value":"\(Self.slow)"},
                {"op":"replace","path":"/throttle/burstLimit","value":"2"}
                """)
            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 200)
            #expect(try await client.send("GET", fixture.path("/mock", stage: "beta"), headers: key).status == 200)
            expectThrottled(try await client.send("GET", fixture.path("/mock", stage: "beta"), headers: key))
            expectThrottled(try await client.send("GET", fixture.path("/pets/1"), headers: key))
            // Requests without a key are not limited by the plan, and throttled ones are not counted.
            #expect(try await client.send("GET", fixture.path("/open/free")).status == 200)

            // Another key of the plan has a bucket of its own.
            let other = try await fixture.gateway.admin("POST", "/apikeys", json: #"{"name":"other","enabled":true}"#)
            let otherId = try #require(other.json["id"] as? String)
            let otherValue = try #require(other.json["value"] as? String)
            _ = try await fixture.gateway.admin("POST", "/usageplans/\(fixture.planId)/keys", json: #"{"keyId":"\#(otherId)","keyType":"API_KEY"}"#)
            #expect(try await client.send("GET", fixture.path("/mock"), headers: [("x-api-key", otherValue)]).status == 200)

            // A bucket keeps its fill when limits change; a much higher rate refills it at once (a
            // million tokens a second: one is back within a microsecond).
            try await patchPlan(fixture, #"{"op":"replace","path":"/throttle/rateLimit","value":"1000000"}"#)
            #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 200)
            await client.close()
        }
    }

    @Test func aPerMethodLimitRefusesBeforeThePlanAndTakesNothingFromIt() async throws {
        try await PetsFixture.with { fixture in
            try await patchPlan(fixture, """
                {"op":"replace","path":"/throttle/rateLimit","value":"\(Self.slow)"},
                {"op":"replace","path":"/throttle/burstLimit","value":"2"},
                {"op":"replace","path":"/apiStages/\(fixture.apiId):prod/throttle//mock/GET/rateLimit","value":"\(Self.slow)"},
                {"op":"replace","path":"/apiStages/\(fixture.apiId):prod/throttle//mock/GET/burstLimit","value":"1"}
                """)
            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 200)   // method 0 left, plan 1
            expectThrottled(try await client.send("GET", fixture.path("/mock"), headers: key))       // method refuses; plan keeps 1
            #expect(try await client.send("GET", fixture.path("/pets/1"), headers: key).status == 200) // plan 0
            expectThrottled(try await client.send("GET", fixture.path("/pets/2"), headers: key))
            await client.close()
        }
    }

    @Test func stageMethodSettingsAndTheAccountLimitApplyToEveryRequest() async throws {
        try await PetsFixture.with { fixture in
            let stage = try await fixture.gateway.admin("PATCH", "/restapis/\(fixture.apiId)/stages/prod", json: """
                {"patchOperations":[{"op":"replace","path":"/*/*/throttling/rateLimit","value":"\(Self.slow)"},
                 {"op":"replace","path":"/*/*/throttling/burstLimit","value":"2"},
                 {"op":"replace","path":"/~1mock/GET/throttling/burstLimit","value":"1"},
                 {"op":"replace","path":"/~1mock/GET/throttling/rateLimit","value":"\(Self.slow)"}]}
                """)
            #expect(stage.status == 200, "\(stage.text)")
            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            #expect(try await client.send("GET", fixture.path("/mock"), headers: key).status == 200)
            expectThrottled(try await client.send("GET", fixture.path("/mock"), headers: key))   // its own setting
            #expect(try await client.send("GET", fixture.path("/open/a")).status == 200)         // */*: 1 left
            #expect(try await client.send("GET", fixture.path("/pets/1"), headers: key).status == 200)
            expectThrottled(try await client.send("GET", fixture.path("/open/b")))

            // The account limit, set through UpdateAccount, caps everything else.
            let account = try await fixture.gateway.admin("PATCH", "/account", json: """
                {"patchOperations":[{"op":"replace","path":"/throttle/rateLimit","value":"\(Self.slow)"},
                 {"op":"replace","path":"/throttle/burstLimit","value":"1"}]}
                """)
            #expect(account.status == 200, "\(account.text)")
            _ = try await fixture.gateway.admin("POST", "/restapis/\(fixture.apiId)/deployments", json: #"{"stageName":"beta"}"#)
            #expect(try await client.send("GET", fixture.path("/open/c", stage: "beta")).status == 200)
            expectThrottled(try await client.send("GET", fixture.path("/open/d", stage: "beta")))
            await client.close()
        }
    }
}
