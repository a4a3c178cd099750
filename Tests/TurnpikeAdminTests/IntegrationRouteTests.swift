import Foundation
import Testing
import TurnpikeTesting

@Suite struct IntegrationRouteTests {
    @Test func integrationLifecycle() async throws {
        let harness = try await AdminTestHarness()
        let api = try await RoutedApi.build(harness, integrate: false)
        let missing = await harness.send("GET", "\(api.pets)/methods/GET/integration")
        #expect(missing.status == 404 && missing.message == "Invalid Integration identifier specified")

        let noMethod = await harness.send("PUT", "\(api.pets)/methods/GET/integration", json: #"{"type":"HTTP","uri":"http://127.0.0.1:9/"}"#)
        #expect(noMethod.status == 400 && noMethod.message == "Enumeration value for HttpMethod must be non-empty")
        let put = await harness.send("PUT", "\(api.pets)/methods/GET/integration", json: """
            {"type":"HTTP_PROXY","httpMethod":"GET","uri":"http://127.0.0.1:9/pets"}
            """)
        #expect(put.status == 201 && put.json["connectionType"] as? String == "INTERNET")
        #expect(put.json["timeoutInMillis"] as? Int == 29000 && put.json["passthroughBehavior"] as? String == "WHEN_NO_MATCH")
        #expect(put.json["cacheNamespace"] as? String == api.petsId && (put.json["cacheKeyParameters"] as? [Any])?.isEmpty == true)

        let updated = await harness.send("PATCH", "\(api.pets)/methods/GET/integration", json: #"{"patchOperations":[{"op":"replace","path":"/timeoutInMillis","value":"5000"}]}"#)
        #expect(updated.status == 200 && updated.json["timeoutInMillis"] as? Int == 5000)
        let tooLong = await harness.send("PATCH", "\(api.pets)/methods/GET/integration", json: #"{"patchOperations":[{"op":"replace","path":"/timeoutInMillis","value":"30000"}]}"#)
        #expect(tooLong.status == 400 && tooLong.message == "Timeout should be between 50 ms and 29000 ms")
        #expect(await harness.send("GET", "\(api.pets)/methods/GET/integration").json["uri"] as? String == "http://127.0.0.1:9/pets")

        let response = await harness.send("PUT", "\(api.pets)/methods/GET/integration/responses/200", json: #"{"selectionPattern":""}"#)
        #expect(response.status == 201 && response.json["selectionPattern"] as? String == "")
        let patched = await harness.send("PATCH", "\(api.pets)/methods/GET/integration/responses/200", json: #"{"patchOperations":[{"op":"replace","path":"/selectionPattern","value":"2\\d{2}"}]}"#)
        #expect(patched.status == 200 && patched.json["selectionPattern"] as? String == "2\\d{2}")
        #expect(await harness.send("GET", "\(api.pets)/methods/GET/integration/responses/200").status == 200)
        let badCode = await harness.send("GET", "\(api.pets)/methods/GET/integration/responses/abc")
        #expect(badCode.status == 400 && badCode.errorType == "ValidationException")
        #expect(await harness.send("DELETE", "\(api.pets)/methods/GET/integration/responses/200").status == 204)
        #expect(await harness.send("DELETE", "\(api.pets)/methods/GET/integration").status == 204)
        #expect(await harness.send("DELETE", "\(api.pets)/methods/GET/integration").status == 404)

        let aws = await harness.send("PUT", "\(api.pets)/methods/GET/integration", json: #"{"type":"AWS_PROXY","httpMethod":"POST","uri":"arn:aws:x"}"#)
        #expect(aws.status == 400 && aws.message == "Invalid ARN specified in the request")
        let lambda = await harness.send("PUT", "\(api.pets)/methods/GET/integration", json: """
            {"type":"AWS_PROXY","httpMethod":"POST","credentials":"arn:aws:iam::123456789012:role/invoker",
             "uri":"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:pets/invocations"}
            """)
        #expect(lambda.status == 201 && lambda.json["credentials"] as? String == "arn:aws:iam::123456789012:role/invoker")
    }
}
