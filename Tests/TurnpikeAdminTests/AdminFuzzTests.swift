import Foundation
import Testing
import TurnpikeTesting

/// Malformed input never answers 500 and never crashes: a bounded, seeded fuzz over the handlers' decoding.
@Suite struct AdminFuzzTests {
    static let targets = [
        ("POST", "/apikeys"), ("PATCH", "/apikeys/k1"), ("POST", "/usageplans"), ("PATCH", "/usageplans/p1"),
        ("POST", "/usageplans/p1/keys"), ("PATCH", "/usageplans/p1/keys/k1/usage"), ("POST", "/apikeys?mode=import&format=csv"),
        ("POST", "/restapis"), ("POST", "/restapis?mode=import"), ("PUT", "/restapis/r1?mode=overwrite"), ("PATCH", "/account"), ("PUT", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapikeys%2Fk1"),
    ]

    /// Bodies that are wrong for every target above (not JSON objects, or fields of the wrong type).
    static let bodies: [String] = [
        "{", "[]", "null", "42", "\"text\"", #"{"name": 5, "patchOperations": 1}"#, #"{"enabled": "yes", "name": 5, "patchOperations": [1]}"#,
        #"{"patchOperations": "nope", "name": 5}"#, #"{"patchOperations": [{"op": 1}], "name": 5, "tags": 3}"#,
        #"{"quota": {"limit": 1.5, "period": "DAY"}, "name": 5, "tags": [], "keyId": [], "patchOperations": [{}]}"#, "\u{0}\u{1}\u{2}",
        #"{"throttle": {"rateLimit": "fast"}, "name": {}, "tags": "x", "keyType": 7, "patchOperations": {}}"#,
    ]

    /// Bodies that are well-formed JSON but may or may not be acceptable: they must never answer 500.
    static let edgeBodies: [String] = [
        "", #"{"name": null}"#, #"{"patchOperations": [{"op": "add"}]}"#,
        #"{"patchOperations": [{"op": "replace", "path": "/quota/limit", "value": "999999999999999999999"}]}"#,
        #"{"apiStages": [{}], "name": "x"}"#, #"{"keyId": "k1", "keyType": "API_KEY"}"#, "name,key\n\"",
        #"{"patchOperations": [{"op": "remove", "path": "/throttle"}, {"op": "test", "path": "/"}]}"#,
    ]

    @Test func fixedMalformedBodiesAnswer4xx() async throws {
        let harness = try await AdminTestHarness()
        for (method, target) in Self.targets {
            for body in Self.bodies {
                let response = await harness.send(method, target, body: Array(body.utf8))
                #expect((400..<500).contains(response.status), "\(method) \(target) \(body) -> \(response.status) \(response.text)")
                #expect(response.errorType != nil)
            }
            for body in Self.edgeBodies {
                let response = await harness.send(method, target, body: Array(body.utf8))
                #expect(response.status < 500, "\(method) \(target) \(body) -> \(response.status) \(response.text)")
            }
        }
    }

    @Test func randomBytesAndPathsNeverAnswer500() async throws {
        let harness = try await AdminTestHarness()
        var generator = SeededGenerator(seed: 0x7475_726e_7069_6b65)
        let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "BREW"]
        let alphabet = Array("abcXYZ019-_.~%/{}?=&:+ \u{e9}")
        for round in 0..<400 {
            let method = methods[Int(generator.next() % UInt64(methods.count))]
            var target = round % 2 == 0 ? Self.targets[Int(generator.next() % UInt64(Self.targets.count))].1 : "/"
            for _ in 0..<Int(generator.next() % 12) { target.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            let body = (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let response = await harness.send(method, target, body: body)
            #expect(response.status < 500, "\(method) \(target) -> \(response.status) \(response.text)")
        }
        // The harness still works afterwards.
        #expect(await harness.send("GET", "/apikeys").status == 200)
    }

    @Test func unimplementedOperationsAreNamed() async throws {
        let harness = try await AdminTestHarness()
        let response = await harness.send("GET", "/sdktypes")
        #expect(response.status == 400 && response.message == "Turnpike does not implement the API Gateway operation GetSdkTypes")
        let unknown = await harness.send("GET", "/nothing/here")
        #expect(unknown.status == 404 && unknown.errorType == "NotFoundException")
    }
}
