import Foundation
import Testing
import TurnpikeTesting

/// `AWS_PROXY` and `AWS` integrations invoked through a fake Lambda Invoke API on loopback that
/// checks every call's SigV4 signature.
@Suite(.serialized) struct LambdaIntegrationTests {
    /// `ANY /{proxy+}` (AWS_PROXY to `pets-${stageVariables.alias}`) and `POST /raw` (AWS to `raw`),
    /// stage `prod` with `alias=live`, on an API whose `binaryMediaTypes` are
    /// `application/octet-stream` and `image/*`.
    struct Setup {
        let gateway: LiveGateway
        let lambda: FakeLambda
        let apiId: String
        let lines: LogLines

        func path(_ rest: String) -> String { "/restapis/\(apiId)/prod/_user_request_\(rest)" }
    }

    static let functionArn = "arn:aws:lambda:eu-west-1:123456789012:function:pets"

    func withLambda(timeoutMillis: Int = 5000, accountId: String? = nil, _ handler: @escaping @Sendable (String, [UInt8]) -> FakeLambda.Answer,
                    _ body: (Setup, HTTPTestClient) async throws -> Void) async throws {
        let lambda = try await FakeLambda.start(handler)
        let lines = LogLines()
        let gateway = try await LiveGateway.start(lambdaEndpoint: lambda.endpoint, accountId: accountId, logHandler: { _ in CapturingLogHandler(lines: lines) })
        func admin(_ method: String, _ target: String, _ json: String = "") async throws -> [String: Any] {
            let response = try await gateway.admin(method, target, json: json)
            #expect(response.status < 300, "\(method) \(target) -> \(response.status) \(response.text)")
            return response.json
        }
        let api = try await admin("POST", "/restapis", #"{"name":"lambda","binaryMediaTypes":["application/octet-stream","image/*"]}"#)
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
            #expect(context["accountId"] as? String == "123456789012", "the account of the function's ARN")
            let identity = try #require(context["identity"] as? [String: Any])
            #expect(identity["sourceIp"] as? String == "127.0.0.1" && identity["userAgent"] as? String == "tests/1")
            #expect(setup.lambda.invocations.map(\.function) == [Self.functionArn + "-live"])
            #expect(setup.lambda.refused == 0)
        }
    }

    /// Echoes the event's body and `isBase64Encoded` as an `application/octet-stream` answer, except
    /// on `/text`: a base64 `text/plain` answer (`aGk=`, "hi").
    static let binaryEcho: @Sendable (String, [UInt8]) -> FakeLambda.Answer = { _, event in
        let json = (try? JSONSerialization.jsonObject(with: Data(event))) as? [String: Any] ?? [:]
        if json["path"] as? String == "/text" {
            return FakeLambda.Answer(body: #"{"statusCode": 200, "headers": {"content-type": "text/plain"}, "isBase64Encoded": true, "body": "aGk="}"#)
        }
        let body = json["body"] as? String ?? ""
        let flag = json["isBase64Encoded"] as? Bool ?? false
        return FakeLambda.Answer(body: """
            {"statusCode": 200, "headers": {"content-type": "application/octet-stream"}, "isBase64Encoded": \(flag), "body": "\(body)"}
            """)
    }

    @Test func binaryMediaTypesDriveBase64BothWays() async throws {
        try await withLambda(Self.binaryEcho) { setup, client throws in
            // Bytes that are not UTF-8 go base64 whatever their type; the octet-stream answer is decoded.
            let bytes: [UInt8] = [0, 1, 2, 0xFF, 0xFE, 0x80]
            let blob = try await client.send("POST", setup.path("/blob"), body: bytes)
            #expect(blob.status == 200 && blob.body == bytes)
            #expect(setup.lambda.invocations.last?.json["isBase64Encoded"] as? Bool == true)

            // UTF-8 text of a binary media type (a wildcard entry) goes base64 too.
            let png = try await client.send("POST", setup.path("/png"), headers: [("content-type", "image/png")], body: Array("plain text".utf8))
            #expect(png.status == 200 && png.text == "plain text")
            let event = try #require(setup.lambda.invocations.last?.json)
            #expect(event["isBase64Encoded"] as? Bool == true && event["body"] as? String == "cGxhaW4gdGV4dA==")

            // Text of another type goes as text.
            _ = try await client.send("POST", setup.path("/json"), headers: [("content-type", "application/json")], body: Array("{}".utf8))
            #expect(setup.lambda.invocations.last?.json["isBase64Encoded"] as? Bool == false)
            #expect(setup.lambda.invocations.last?.json["body"] as? String == "{}")

            // A base64 text/plain answer is decoded for a client accepting a binary type, and passed
            // on as the function wrote it otherwise (AWS's behaviour).
            let decoded = try await client.send("GET", setup.path("/text"), headers: [("accept", "image/webp,*/*;q=0.8")])
            #expect(decoded.status == 200 && decoded.text == "hi")
            let verbatim = try await client.send("GET", setup.path("/text"), headers: [("accept", "text/plain")])
            #expect(verbatim.status == 200 && verbatim.text == "aGk=")
        }
    }

    @Test func theAccountIdOptionWinsOverTheFunctionsAccount() async throws {
        try await withLambda(accountId: "111122223333", Self.echo) { setup, client throws in
            let response = try await client.send("GET", setup.path("/who"))
            let event = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect((event["requestContext"] as? [String: Any])?["accountId"] as? String == "111122223333")
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
        // AWS: "If the Lambda API rejects the invocation request, API Gateway returns a 500".
        (FakeLambda.Answer(status: 429, headers: [("X-Amzn-ErrorType", "TooManyRequestsException")],
                           body: #"{"Type":"User","message":"Rate exceeded","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}"#),
         500, "Lambda refused invoking arn:aws:lambda:eu-west-1:123456789012:function:pets-live: 429 TooManyRequestsException {"),
        (FakeLambda.Answer(status: 500, headers: [("X-Amzn-ErrorType", "ServiceException:http://internal.amazon.com/coral/")],
                           body: #"{"Type":"Service","message":"ServiceException"}"#), 500, ": 500 ServiceException {"),
        (FakeLambda.Answer(status: 503, body: #"{"Type":"Service","message":"Service unavailable"}"#), 500, ": 503 "),
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
