import Foundation
import Testing
import TurnpikeModel
import TurnpikeSigV4
@testable import TurnpikeGateway

@Suite struct LambdaInvocationURITests {
    @Test func theDocumentedFormIsParsed() throws {
        let uri = try LambdaInvocationURI(parsing:
            "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:HelloWorld/invocations")
        #expect(uri.region == "us-west-2" && uri.function == "arn:aws:lambda:us-west-2:123456789012:function:HelloWorld")
        let aliased = try LambdaInvocationURI(parsing:
            "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:1:function:f-${stageVariables.alias}:live/invocations")
        #expect(aliased.function == "arn:aws-cn:lambda:cn-north-1:1:function:f-${stageVariables.alias}:live")
    }

    @Test func theAccountComesFromTheFunctionsARN() throws {
        func account(_ function: String) throws -> String? {
            try LambdaInvocationURI(parsing: "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/\(function)/invocations").account
        }
        #expect(try account("arn:aws:lambda:eu-west-1:123456789012:function:pets") == "123456789012")
        #expect(try account("arn:aws:lambda:eu-west-1:210987654321:function:pets:live") == "210987654321")
        #expect(try account("123456789012:function:pets") == "123456789012")
        #expect(try account("pets") == nil)
        #expect(try account("arn:aws:lambda:eu-west-1:12345:function:pets") == nil)
    }

    @Test(arguments: [
        ("arn:aws:lambda:us-east-1:123456789012:function:f", LambdaInvocationURI.Refusal.invalidARN),
        ("arn:aws:apigateway:US-EAST-1:lambda:path/2015-03-31/functions/f/invocations", .invalidARN),
        ("arn:other:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations", .invalidARN),
        ("arn:aws:apigateway:us-east-1:lambda:2015-03-31/functions/f/invocations", .noPathOrAction),
        ("arn:aws:apigateway:us-east-1:s3:path/bucket/key", .notLambda(service: "s3")),
        ("arn:aws:apigateway:us-east-1:sqs:action/SendMessage", .notLambda(service: "sqs")),
        ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions//invocations", .notInvocation),
        ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/a/b/invocations", .invalidARN),
        ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f", .notInvocation),
    ])
    func otherURIsAreRefused(uri: String, refusal: LambdaInvocationURI.Refusal) {
        #expect(throws: refusal) { try LambdaInvocationURI(parsing: uri) }
    }
}

@Suite struct LambdaProxyEventTests {
    static func event(body: [UInt8]?, binary: Bool = false, query: [(name: String, value: String)] = []) -> LambdaProxyEvent {
        LambdaProxyEvent(
            resource: "/my/path", path: "/my/path", httpMethod: "GET",
            headers: [("Header1", "value1"), ("Header2", "value1"), ("Header2", "value2")],
            query: query, pathParameters: [], stageVariables: [], body: body, bodyIsBinary: binary,
            context: .init(accountId: "123456789012", apiId: "id", stage: "$default", requestId: "id=", extendedRequestId: "request-id",
                           resourceId: "abc123", protocolVersion: "HTTP/1.1", epochMilliseconds: 1_583_349_317_135,
                           sourceIp: "IP", userAgent: "user-agent", apiKey: nil, apiKeyId: nil,
                           domainName: "id.execute-api.us-east-1.amazonaws.com"))
    }

    static func object(_ event: LambdaProxyEvent) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(event.json())) as? [String: Any])
    }

    /// AWS's documented REST API (payload 1.0) example, field for field.
    @Test func theDocumentedExampleIsReproduced() throws {
        let event = try Self.object(Self.event(body: Array("Hello from Lambda!".utf8),
                                               query: [("parameter1", "value1"), ("parameter1", "value2"), ("parameter2", "value")]))
        #expect(Set(event.keys) == ["resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                                    "multiValueQueryStringParameters", "requestContext", "pathParameters", "stageVariables",
                                    "body", "isBase64Encoded"])
        #expect(event["headers"] as? [String: String] == ["Header1": "value1", "Header2": "value2"])
        #expect(event["multiValueHeaders"] as? [String: [String]] == ["Header1": ["value1"], "Header2": ["value1", "value2"]])
        #expect(event["queryStringParameters"] as? [String: String] == ["parameter1": "value2", "parameter2": "value"])
        #expect(event["multiValueQueryStringParameters"] as? [String: [String]] == ["parameter1": ["value1", "value2"], "parameter2": ["value"]])
        #expect(event["pathParameters"] is NSNull && event["stageVariables"] is NSNull)
        #expect(event["body"] as? String == "Hello from Lambda!" && event["isBase64Encoded"] as? Bool == false)
        let context = try #require(event["requestContext"] as? [String: Any])
        #expect(context["requestTime"] as? String == "04/Mar/2020:19:15:17 +0000")
        #expect(context["requestTimeEpoch"] as? Int == 1_583_349_317_135)
        #expect(context["path"] as? String == "/$default/my/path" && context["resourcePath"] as? String == "/my/path")
        #expect(context["domainPrefix"] as? String == "id" && context["protocol"] as? String == "HTTP/1.1")
        #expect(context["accountId"] as? String == "123456789012" && context["apiId"] as? String == "id")
        #expect(context["requestId"] as? String == "id=" && context["extendedRequestId"] as? String == "request-id")
        let identity = try #require(context["identity"] as? [String: Any])
        #expect(identity["sourceIp"] as? String == "IP" && identity["userAgent"] as? String == "user-agent")
        #expect(identity["apiKey"] is NSNull && identity["user"] is NSNull)
    }

    @Test func emptyMapsAndBodiesAreNullAndBinaryBodiesBase64() throws {
        let empty = try Self.object(Self.event(body: nil))
        #expect(empty["queryStringParameters"] is NSNull && empty["body"] is NSNull && empty["isBase64Encoded"] as? Bool == false)
        let bytes: [UInt8] = [0, 1, 2, 0xFF, 0xFE, 0x22]
        let binary = try Self.object(Self.event(body: bytes, binary: true))
        #expect(binary["body"] as? String == Data(bytes).base64EncodedString() && binary["isBase64Encoded"] as? Bool == true)
        let quoted = try Self.object(Self.event(body: Array("a\"b\\c\n\u{1}é".utf8)))
        #expect(quoted["body"] as? String == "a\"b\\c\n\u{1}é")
    }

    @Test func requestTimesMatchTheCalendar() {
        #expect(LambdaProxyEvent.requestTime(epochSeconds: 0) == "01/Jan/1970:00:00:00 +0000")
        #expect(LambdaProxyEvent.requestTime(epochSeconds: 951_782_400) == "29/Feb/2000:00:00:00 +0000")
        #expect(LambdaProxyEvent.requestTime(epochSeconds: 1_796_335_199) == "03/Dec/2026:21:59:59 +0000")
    }

    @Test func base64RoundTripsAndRefusesWhatIsNot() {
        var generator = SystemRandomNumberGenerator()
        for count in 0..<40 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.decode("not base64!") == nil && Base64.decode("QQ==QQ") == nil)
    }
}

@Suite struct LambdaProxyResponseTests {
    @Test func theDocumentedResponseMapsBack() throws {
        let response = try #require(LambdaProxyResponse(json: Array("""
            {"isBase64Encoded": false, "statusCode": 201, "headers": {"headerName": "headerValue", "n": 5},
             "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"], "headerName": ["headerValue"]}, "body": "created"}
            """.utf8)))
        #expect(response.statusCode == 201 && response.body == Array("created".utf8))
        #expect(response.headers == [.init(name: "Set-Cookie", value: "a=1"), .init(name: "Set-Cookie", value: "b=2"),
                                     .init(name: "headerName", value: "headerValue"), .init(name: "n", value: "5")])
        let binary = try #require(LambdaProxyResponse(json: Array(#"{"statusCode": "200", "body": "AAEC/w==", "isBase64Encoded": true}"#.utf8)))
        #expect(binary.statusCode == 200 && binary.body == [0, 1, 2, 255] && binary.headers.isEmpty)
    }

    @Test func base64AnswersAreDecodedOnlyWhenTheirTypeIsBinary() throws {
        let json = Array(#"{"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": "AAEC/w==", "isBase64Encoded": true}"#.utf8)
        var asked: String?
        let verbatim = try #require(LambdaProxyResponse(json: json) { asked = $0; return false })
        #expect(asked == "image/png" && verbatim.body == Array("AAEC/w==".utf8))
        #expect(try #require(LambdaProxyResponse(json: json) { _ in true }).body == [0, 1, 2, 255])
    }

    @Test(arguments: [
        "", "[]", "\"text\"", #"{"body": "no status"}"#, #"{"statusCode": 99}"#, #"{"statusCode": true}"#,
        #"{"statusCode": 200, "body": {"an": "object"}}"#, #"{"statusCode": 200, "extra": 1}"#,
        #"{"statusCode": 200, "isBase64Encoded": true, "body": "***"}"#, #"{"statusCode": 200, "headers": {"a b": "c"}}"#,
        #"{"statusCode": 200, "headers": {"a": "c\r\nd: e"}}"#, #"{"statusCode": 200, "multiValueHeaders": {"a": "c"}}"#,
    ])
    func malformedResponsesAreRefused(json: String) {
        #expect(LambdaProxyResponse(json: Array(json.utf8)) == nil)
    }
}

@Suite struct AWSCredentialsChainTests {
    @Test func theEnvironmentComesFirstWithItsSessionToken() {
        let chain = AWSCredentialsChain(environment: ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s3cr3t-value",
                                                      "AWS_SESSION_TOKEN": "t0k3n-value", "HOME": "/h"])
        #expect(chain.resolve { _ in Issue.record("read a file"); return nil }
                == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s3cr3t-value", sessionToken: "t0k3n-value"))
        let credentials = chain.resolve { _ in nil }!
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), dumped] {
            #expect(text.contains("AKID") && !text.contains("s3cr3t-value") && !text.contains("t0k3n-value"), "\(text)")
        }
    }

    @Test func theProfileIsReadFromTheCredentialsThenTheConfigFile() {
        let credentials = "[default]\naws_access_key_id = DEF\naws_secret_access_key = d\n\n[work]\n# comment\nAWS_ACCESS_KEY_ID=WORK\naws_secret_access_key = w \n"
        let config = "[default]\nregion = eu-west-1\n[profile cfg]\naws_access_key_id = CFG\naws_secret_access_key = c\naws_session_token = t\n"
        let files = ["/h/.aws/credentials": credentials, "/h/.aws/config": config, "/elsewhere": "[default]\naws_access_key_id = E\naws_secret_access_key = e\n"]
        func resolve(_ environment: [String: String]) -> AWSCredentials? {
            AWSCredentialsChain(environment: environment.merging(["HOME": "/h"]) { $1 }).resolve { files[$0] }
        }
        #expect(resolve([:])?.accessKeyID == "DEF")
        #expect(resolve(["AWS_PROFILE": "work"]) == AWSCredentials(accessKeyID: "WORK", secretAccessKey: "w"))
        #expect(resolve(["AWS_DEFAULT_PROFILE": "cfg"]) == AWSCredentials(accessKeyID: "CFG", secretAccessKey: "c", sessionToken: "t"))
        #expect(resolve(["AWS_SHARED_CREDENTIALS_FILE": "/elsewhere"])?.accessKeyID == "E")
        #expect(resolve(["AWS_PROFILE": "missing"]) == nil)
        #expect(resolve(["AWS_ACCESS_KEY_ID": "only-half"])?.accessKeyID == "DEF")
    }
}

@Suite struct LambdaInvokeRequestTests {
    static let uri = try! LambdaInvocationURI(parsing:
        "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:pets/invocations")
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token-example")

    /// The same request botocore signs (SigV4Auth, service lambda, 2026-12-03T22:00:00Z) gets the same signature.
    @Test func theSignatureIsBotocores() {
        let request = LambdaInvokeRequest(uri: Self.uri, host: "lambda.eu-west-1.amazonaws.com", payload: Array(#"{"hello":"world"}"#.utf8))
        #expect(request.path == "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Apets/invocations")
        let headers = request.headers(credentials: Self.credentials, epochSeconds: 1_796_335_200)
        #expect(headers.first { $0.0 == "Authorization" }?.1 == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/eu-west-1/lambda/aws4_request, "
            + "SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-invocation-type;x-amz-security-token, "
            + "Signature=66556b8810dd4d4385879210a55ff9aed85fe53d94c2db49ff074b7ae50ed91d")
        #expect(headers.contains { $0 == ("X-Amz-Security-Token", "session-token-example") })
    }

    @Test func theRequestVerifiesWithTheVerifier() {
        let request = LambdaInvokeRequest(uri: Self.uri, host: "127.0.0.1:3001", payload: Array("{}".utf8))
        let headers = request.headers(credentials: Self.credentials, epochSeconds: 1_796_335_200)
        let verifier = SigV4Verifier(service: "lambda") { $0 == "AKIDEXAMPLE" ? Self.credentials.secretAccessKey : nil }
        let signable = SignableRequest(method: "POST", rawPath: request.path, rawQuery: "", headers: headers, body: Array("{}".utf8))
        let verified = try? verifier.verify(signable, now: Date(timeIntervalSince1970: 1_796_335_230)).get()
        #expect(verified?.region == "eu-west-1")
        let text = String(decoding: request.bytes(credentials: Self.credentials, epochSeconds: 1_796_335_200), as: UTF8.self)
        #expect(text.hasPrefix("POST \(request.path) HTTP/1.1\r\nHost: 127.0.0.1:3001\r\n") && text.hasSuffix("\r\n\r\n{}"))
    }
}
