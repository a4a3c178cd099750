import Foundation
import Testing
import TurnpikeTesting

@Suite struct TagRouteTests {
    /// An ARN as botocore sends it: one percent-encoded path segment.
    func encoded(_ arn: String) -> String {
        arn.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~")))!
    }

    @Test func tagGetUntag() async throws {
        let harness = try await AdminTestHarness()
        let api = try await RoutedApi.build(harness)
        _ = await harness.send("POST", "/restapis/\(api.id)/deployments", json: #"{"stageName":"prod"}"#)
        for path in ["/restapis/\(api.id)", "/restapis/\(api.id)/stages/prod"] {
            let target = "/tags/" + encoded("arn:aws:apigateway:us-east-1::\(path)")
            let tagged = await harness.send("PUT", target, json: #"{"tags":{"a":"1","b":"2"}}"#)
            #expect(tagged.status == 204 && tagged.body.isEmpty)
            #expect((await harness.send("GET", target).json["tags"] as? [String: String]) == ["a": "1", "b": "2"])
            #expect(await harness.send("DELETE", target + "?tagKeys=a&tagKeys=missing").status == 204)
            #expect((await harness.send("GET", target).json["tags"] as? [String: String]) == ["b": "2"])
        }
        #expect((await harness.send("GET", "/restapis/\(api.id)/stages/prod").json["tags"] as? [String: String]) == ["b": "2"])
    }

    @Test func refusals() async throws {
        let harness = try await AdminTestHarness()
        let unknown = await harness.send("PUT", "/tags/" + encoded("arn:aws:apigateway:us-east-1::/apikeys/nosuchkey"), json: #"{"tags":{"a":"1"}}"#)
        #expect(unknown.status == 404 && unknown.message == "Invalid API Key identifier specified")
        let malformed = await harness.send("GET", "/tags/" + encoded("arn:aws:s3:::bucket"))
        #expect(malformed.status == 400 && malformed.message?.hasPrefix("Invalid resource ARN specified: arn:aws:s3:::bucket.") == true)
        let noTags = await harness.send("PUT", "/tags/" + encoded("arn:aws:apigateway:us-east-1::/apikeys/x"), json: "{}")
        #expect(noTags.status == 400 && noTags.errorType == "ValidationException")
        let noKeys = await harness.send("DELETE", "/tags/" + encoded("arn:aws:apigateway:us-east-1::/apikeys/x"))
        #expect(noKeys.status == 400 && noKeys.errorType == "ValidationException")
    }
}
