import Foundation
import Testing
import TurnpikeTesting

/// `AWS_PROXY` and `AWS` integrations invoked through a fake Lambda Invoke API on loopback that
/// checks every call's SigV4 signature.
@Suite(.serialized) struct LambdaIntegrationTests {
    /// `ANY /{proxy+}` (AWS_PROXY to `pets-${stageVariables.alias}`) and `POST /raw` (AWS to `raw`),
    /// stage `prod` with `alias=live`.
    struct Setup {
        let gateway: LiveGateway
        let lambda: FakeLambda
        let apiId: String
        let lines: LogLines

        func path(_ rest: String) -> String { "/restapis/\(apiId)/prod/_user_request_\(rest)" }
    }

    static let functionArn = "arn:aws:lambda:eu-west-1:123456789012:function:pets"

    func withLambda(timeoutMillis: Int = 5000, _ handler: @escaping @Sendable (String, [UInt8]) -> FakeLambda.Answer,
                    _ body: (Setup, HTTPTestClient) async throws -> Void) async throws {
        let lambda = try await FakeLambda.start(handler)
        let lines = LogLines()
        let gateway = try await LiveGateway.start(lambdaEndpoint: lambda.endpoint, logHandler: { _ in CapturingLogHandler(lines: lines) })
        func admin(_ method: String, _ target: String, _ json: String = "") async throws -> [String: Any] {
            let response = try await gateway.admin(method, target, json: json)
            #expect(response.status < 300, "\(method) \(target) -> \(response.status) \(response.text)")
            return response.json
        }
        let api = try await admin("POST", "/restapis", #"{"name":"lambda"}"#)
        let apiId = try #require(api["id"] as? String)
        let root = try #require(api["rootResourceId"] as? String)
        func uri(_ function: String) -> String {
            "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/\(function)/invocations"
        }
        let proxy = try #require(try await admin("POST", "/restapis/\(apiId)/resources/\(root)", #"{"pathPart":"{proxy+}"}"#)["id"] as? String)
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(proxy)/methods/ANY", #"{"authorizationType":"NONE"}"#)
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(proxy)/methods/ANY/integration", """
            {"type":"AWS_PROXY","httpMethod":"POST","uri":"\(uri(Self.functionArn + "-${stageVariables.alias}"))","timeoutInMillis":\(timeoutMillis)}
            """)
        let raw = try #require(try await admin("POST", "/restapis/\(apiId)/resources/\(root)", #"{"pathPart":"raw"}"#)["id"] as? String)
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(raw)/methods/POST", #"{"authorizationType":"NONE"}"#)
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(raw)/methods/POST/integration", """
            {"type":"AWS","httpMethod":"POST","uri":"\(uri("raw"))"}
            """)
        _ = try await admin("POST", "/restapis/\(apiId)/deployments", #"{"stageName":"prod","variables":{"alias":"live"}}"#)
        let setup = Setup(gateway: gateway, lambda: lambda, apiId: apiId, lines: lines)
        let client = try await gateway.connect()
        do {
            try await body(setup, client)
        } catch {
            await client.close()
            await gateway.stop()
            gateway.removeData()
            await lambda.stop()
            throw error
        }
        await client.close()
        await gateway.stop()
        gateway.removeData()
        await lambda.stop()
    }

    /// A function answering `{"statusCode": 201, ...}` with the event it got as its body.
    static let echo: @Sendable (String, [UInt8]) -> FakeLambda.Answer = { _, event in
        let body = String(decoding: event, as: UTF8.self)
        let answer: [String: Any] = ["statusCode": 201, "headers": ["x-from": "lambda"],
                                     "multiValueHeaders": ["set-cookie": ["a=1", "b=2"]], "body": body]
        return FakeLambda.Answer(body: String(decoding: try! JSONSerialization.data(withJSONObject: answer), as: UTF8.self))
    }

    @Test func theProxyEventCarriesTheRequestAndTheResponseMapsBack() async throws {
        try await withLambda(Self.echo) { setup, client throws in
            let response = try await client.send("PUT", setup.path("/items/42?a=1&a=2&b=x%20y"),
                                                 headers: [("x-test", "one"), ("x-test", "two"), ("user-agent", "tests/1")],
                                                 body: Array(#"{"name":"rex"}"#.utf8))
            #expect(response.status == 201, "\(response.text)")
            #expect(response.header("x-from") == "lambda")
            #expect(response.headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1) == ["a=1", "b=2"])
            let event = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(event["resource"] as? String == "/{proxy+}" && event["path"] as? String == "/items/42")
            #expect(event["httpMethod"] as? String == "PUT" && event["body"] as? String == #"{"name":"rex"}"#)
            #expect(event["isBase64Encoded"] as? Bool == false)
            #expect(event["queryStringParameters"] as? [String: String] == ["a": "2", "b": "x y"])
            #expect(event["multiValueQueryStringParameters"] as? [String: [String]] == ["a": ["1", "2"], "b": ["x y"]])
            #expect((event["multiValueHeaders"] as? [String: [String]])?["x-test"] == ["one", "two"])
            #expect((event["headers"] as? [String: String])?["x-test"] == "two")
            #expect(event["pathParameters"] as? [String: String] == ["proxy": "items/42"])
            #expect(event["stageVariables"] as? [String: String] == ["alias": "live"])
            let context = try #require(event["requestContext"] as? [String: Any])
            #expect(context["stage"] as? String == "prod" && context["apiId"] as? String == setup.apiId)
            #expect(context["requestId"] as? String == response.header("x-amzn-requestid"))
            #expect(context["resourcePath"] as? String == "/{proxy+}" && context["path"] as? String == "/prod/items/42")
            #expect(context["protocol"] as? String == "HTTP/1.1")
            let identity = try #require(context["identity"] as? [String: Any])
            #expect(identity["sourceIp"] as? String == "127.0.0.1" && identity["userAgent"] as? String == "tests/1")
            #expect(setup.lambda.invocations.map(\.function) == [Self.functionArn + "-live"])
            #expect(setup.lambda.refused == 0)
        }
    }

    @Test func binaryBodiesGoAndComeBackBase64() async throws {
        try await withLambda({ _, event in
            let json = (try? JSONSerialization.jsonObject(with: Data(event))) as? [String: Any] ?? [:]
            let body = json["body"] as? String ?? ""
            let flag = json["isBase64Encoded"] as? Bool ?? false
            return FakeLambda.Answer(body: #"{"statusCode": 200, "isBase64Encoded": \#(flag), "body": "\#(body)"}"#)
        }) { setup, client throws in
            let bytes: [UInt8] = [0, 1, 2, 0xFF, 0xFE, 0x80]
            let response = try await client.send("POST", setup.path("/blob"), body: bytes)
            #expect(response.status == 200 && response.body == bytes)
            #expect(setup.lambda.invocations.first?.json["isBase64Encoded"] as? Bool == true)
        }
    }

    @Test func invokesReuseOneKeepAliveConnection() async throws {
        try await withLambda(Self.echo) { setup, client throws in
            for index in 0..<10 {
                #expect(try await client.send("GET", setup.path("/n/\(index)")).status == 201)
            }
            #expect(setup.lambda.connections == 1, "\(setup.lambda.connections) connections for 10 invokes")
        }
    }

    @Test func nonProxyIntegrationsPassTheBodyAndReturnTheResult() async throws {
        try await withLambda({ function, event in
            FakeLambda.Answer(body: #"{"function":"\#(function)","got":\#(String(decoding: event, as: UTF8.self))}"#)
        }) { setup, client throws in
            let response = try await client.send("POST", setup.path("/raw"), body: Array(#"{"x":1}"#.utf8))
            #expect(response.status == 200 && response.header("content-type") == "application/json")
            #expect(response.text == #"{"function":"raw","got":{"x":1}}"#)
        }
    }

    @Test(arguments: [
        (FakeLambda.Answer(headers: [("X-Amz-Function-Error", "Unhandled")], body: #"{"errorMessage":"boom"}"#), 502, "failed: Unhandled"),
        (FakeLambda.Answer(body: #"{"statusCode": 200, "body": {"not": "a string"}}"#), 502, "malformed proxy response"),
        (FakeLambda.Answer(body: "not json"), 502, "malformed proxy response"),
        (FakeLambda.Answer(status: 404, body: #"{"Type":"User","message":"Function not found"}"#), 500, "Lambda refused invoking"),
        (FakeLambda.Answer(status: 403, body: #"{"Type":"User","message":"not authorized"}"#), 500, "Lambda refused invoking"),
        (FakeLambda.Answer(status: 429, body: #"{"Type":"User","message":"Rate exceeded"}"#), 502, "Lambda answered 429"),
    ])
    func failuresAnswerAsAWSDoesAndAreLogged(answer: FakeLambda.Answer, status: Int, logged: String) async throws {
        try await withLambda({ _, _ in answer }) { setup, client throws in
            let response = try await client.send("GET", setup.path("/x"))
            #expect(response.status == status && response.text == #"{"message": "Internal server error"}"#)
            #expect(setup.lines.all.contains { $0.contains(logged) }, "\(setup.lines.all)")
            // The connection (and the pooled one to Lambda) still work.
            #expect(try await client.send("GET", setup.path("/x")).status == status)
        }
    }

    @Test func aSlowFunctionTimesOutWith504() async throws {
        try await withLambda(timeoutMillis: 200, { _, _ in
            FakeLambda.Answer(body: #"{"statusCode": 200, "body": "late"}"#, delayMilliseconds: 2000)
        }) { setup, client throws in
            let response = try await client.send("GET", setup.path("/slow"))
            #expect(response.status == 504 && response.text == #"{"message": "Endpoint request timed out"}"#)
        }
    }
}
