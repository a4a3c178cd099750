import Foundation
import Testing
import TurnpikeTesting

/// Custom domain names through a running gateway: a request whose `Host` is a known domain name
/// goes to the API and stage its base path mappings name, as AWS routes them; the admin side
/// refuses bad names, certificates and mappings in AWS's shape.
@Suite(.serialized) struct DomainRoutingLiveTests {
    static let certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d"

    static func admin(_ fixture: PetsFixture, _ method: String, _ target: String, _ json: String = "",
                      expect status: Int) async throws -> [String: Any] {
        let response = try await fixture.gateway.admin(method, target, json: json)
        #expect(response.status == status, "\(method) \(target): \(response.status) \(response.text)")
        return response.json
    }

    @Test func requestsOnADomainNameFollowItsBasePathMappings() async throws {
        try await PetsFixture.with { fixture in
            let created = try await Self.admin(fixture, "POST", "/domainnames", """
                {"domainName":"Api.Example.com","regionalCertificateArn":"\(Self.certificate)","endpointConfiguration":{"types":["REGIONAL"]}}
                """, expect: 201)
            #expect(created["domainName"] as? String == "api.example.com")
            #expect(created["domainNameStatus"] as? String == "AVAILABLE")
            #expect(created["regionalDomainName"] as? String == "api.example.com")
            let mappings = "/domainnames/api.example.com/basepathmappings"
            _ = try await Self.admin(fixture, "POST", mappings, #"{"basePath":"v1","restApiId":"\#(fixture.apiId)","stage":"prod"}"#, expect: 201)
            _ = try await Self.admin(fixture, "POST", mappings, #"{"basePath":"deep/v2","restApiId":"\#(fixture.apiId)","stage":"prod"}"#, expect: 201)
            let none = try await Self.admin(fixture, "POST", mappings, #"{"restApiId":"\#(fixture.apiId)"}"#, expect: 201)
            #expect(none["basePath"] as? String == "(none)")

            let client = try await fixture.gateway.connect()
            let key = [("x-api-key", fixture.keyValue)]
            func get(_ uri: String, host: String = "api.example.com:8443") async throws -> HTTPTestResponse {
                try await client.send("GET", uri, headers: [("host", host)] + key)
            }
            for uri in ["/v1/mock", "/deep/v2/mock", "/prod/mock", "/v1/mock?x=1"] {
                let answer = try await get(uri)
                #expect(answer.status == 200 && answer.text == #"{"pets":"mocked"}"#, "\(uri): \(answer.status) \(answer.text)")
            }
            #expect(try await get("/v1/mock", host: "API.EXAMPLE.COM.").status == 200)
            let proxied = try await get("/v1/open/a%20b?q=1")
            #expect(proxied.status == 200)
            #expect(proxied.json["uri"] as? String == "/a%20b?q=1", "\(proxied.text)")
            // No mapping prefixes `/v1x` on a segment boundary but `(none)`, whose stage `v1x` does not exist.
            let unmatched = try await get("/v1x/mock")
            #expect(unmatched.status == 403 && unmatched.text == #"{"message":"Missing Authentication Token"}"#)
            // Another host is not a domain name: the same path is no invoke request.
            #expect(try await get("/v1/mock", host: "other.example.com").text != #"{"pets":"mocked"}"#)

            // A mapping moved to another base path routes there, at once.
            _ = try await Self.admin(fixture, "PATCH", "\(mappings)/v1",
                                     #"{"patchOperations":[{"op":"replace","path":"/basePath","value":"v3"}]}"#, expect: 200)
            #expect(try await get("/v3/mock").status == 200)
            #expect(try await get("/v1/mock").status == 403)
            // Without `(none)`, a path no mapping takes is AWS's 403 Forbidden, before any API.
            _ = try await Self.admin(fixture, "DELETE", "\(mappings)/(none)", expect: 202)
            let unmapped = try await get("/v1/mock")
            #expect(unmapped.status == 403 && unmapped.text == #"{"message":"Forbidden"}"#, "\(unmapped.text)")
            _ = try await Self.admin(fixture, "DELETE", "/domainnames/api.example.com", expect: 202)
            #expect(try await get("/v3/mock").text != #"{"pets":"mocked"}"#)
            await client.close()
        }
    }

    @Test func badDomainNamesAndMappingsAreRefused() async throws {
        try await PetsFixture.with { fixture in
            let regional = #""regionalCertificateArn":"\#(Self.certificate)","endpointConfiguration":{"types":["REGIONAL"]}"#
            let refusals: [(String, Int, String)] = [
                (#"{"domainName":"not a host",\#(regional)}"#, 400, "BadRequestException"),
                (#"{"domainName":"api.example.com"}"#, 400, "BadRequestException"),
                (#"{"domainName":"api.example.com","regionalCertificateArn":"arn:aws:iam::1:x","endpointConfiguration":{"types":["REGIONAL"]}}"#,
                 400, "BadRequestException"),
                (#"{"domainName":"api.example.com","certificateBody":"-----BEGIN","certificatePrivateKey":"k","certificateName":"c"}"#,
                 400, "BadRequestException"),
                (#"{"domainName":"api.example.com","certificateArn":"\#(Self.certificate)","securityPolicy":"TLS_9"}"#, 400, "ValidationException"),
                (#"{"regionalCertificateArn":"\#(Self.certificate)"}"#, 400, "ValidationException"),
            ]
            for (body, status, type) in refusals {
                let response = try await fixture.gateway.admin("POST", "/domainnames", json: body)
                #expect(response.status == status && response.header("x-amzn-ErrorType") == type, "\(body): \(response.text)")
                #expect(!response.text.contains("-----BEGIN"))
            }
            _ = try await Self.admin(fixture, "POST", "/domainnames", #"{"domainName":"edge.example.com","certificateArn":"\#(Self.certificate)"}"#,
                                     expect: 201)
            _ = try await Self.admin(fixture, "POST", "/domainnames", #"{"domainName":"EDGE.example.com","certificateArn":"\#(Self.certificate)"}"#,
                                     expect: 409)
            let mappings = "/domainnames/edge.example.com/basepathmappings"
            _ = try await Self.admin(fixture, "POST", mappings, #"{"restApiId":"nope"}"#, expect: 400)
            _ = try await Self.admin(fixture, "POST", mappings, #"{"restApiId":"\#(fixture.apiId)","stage":"nope"}"#, expect: 400)
            _ = try await Self.admin(fixture, "POST", mappings, #"{"basePath":"a//b","restApiId":"\#(fixture.apiId)"}"#, expect: 400)
            _ = try await Self.admin(fixture, "POST", mappings, #"{"basePath":"a b","restApiId":"\#(fixture.apiId)"}"#, expect: 400)
            _ = try await Self.admin(fixture, "POST", "/domainnames/unknown.example.com/basepathmappings",
                                     #"{"restApiId":"\#(fixture.apiId)"}"#, expect: 404)
            _ = try await Self.admin(fixture, "POST", mappings, #"{"basePath":"","restApiId":"\#(fixture.apiId)","stage":"prod"}"#, expect: 201)
            _ = try await Self.admin(fixture, "POST", mappings, #"{"basePath":"(none)","restApiId":"\#(fixture.apiId)"}"#, expect: 409)
            let mapping = try await Self.admin(fixture, "GET", "\(mappings)/(none)", expect: 200)
            #expect(mapping["stage"] as? String == "prod" && mapping["restApiId"] as? String == fixture.apiId)
            _ = try await Self.admin(fixture, "GET", "\(mappings)/v9", expect: 404)
            let listed = try await Self.admin(fixture, "GET", "/domainnames", expect: 200)
            #expect((listed["item"] as? [[String: Any]])?.map { $0["domainName"] as? String } == ["edge.example.com"])
            let updated = try await Self.admin(fixture, "PATCH", "/domainnames/edge.example.com",
                                               #"{"patchOperations":[{"op":"replace","path":"/securityPolicy","value":"TLS_1_0"}]}"#, expect: 200)
            #expect(updated["securityPolicy"] as? String == "TLS_1_0")
            _ = try await Self.admin(fixture, "PATCH", "/domainnames/edge.example.com",
                                     #"{"patchOperations":[{"op":"replace","path":"/domainName","value":"x"}]}"#, expect: 400)

            // Deleting the API takes its mappings with it.
            _ = try await Self.admin(fixture, "DELETE", "/restapis/\(fixture.apiId)", expect: 202)
            let after = try await Self.admin(fixture, "GET", mappings, expect: 200)
            #expect((after["item"] as? [Any])?.isEmpty ?? true)
        }
    }
}
