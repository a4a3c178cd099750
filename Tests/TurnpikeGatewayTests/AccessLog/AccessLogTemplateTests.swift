import Testing
@testable import TurnpikeGateway

/// Stage access log formats with AWS's `$context` variables.
@Suite struct AccessLogTemplateTests {
    var record: AccessLogRecord {
        var record = AccessLogRecord()
        record.requestId = "r-1"
        record.sourceIp = "192.0.2.9"
        record.userAgent = "curl/8.0"
        record.apiKeyId = "k123"
        record.httpMethod = "GET"
        record.resourcePath = "/pets/{id}"
        record.path = "/pets/7"
        record.status = 200
        record.responseLength = 42
        record.requestTimeEpochMilliseconds = 1_796_338_690_123  // 2026-12-03 22:58:10.123 UTC
        record.responseLatencyMilliseconds = 3
        record.integrationLatencyMilliseconds = 2
        record.integrationStatus = 200
        record.apiId = "a1"
        record.stage = "prod"
        record.xrayTraceId = "1-693...-abc"
        return record
    }

    @Test func aJSONFormatAsTerraformUsersWriteIt() {
        let template = AccessLogTemplate(#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status","key":"$context.identity.apiKeyId","error":"$context.error.responseType"}"#)
        #expect(template.render(record) == #"{"requestId":"r-1","ip":"192.0.2.9","status":"200","key":"k123","error":"-"}"#)
    }

    @Test func theCommonLogFormat() {
        let template = AccessLogTemplate(#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId"#)
        #expect(template.render(record) == #"192.0.2.9 - - [03/Dec/2026:22:58:10 +0000] "GET /pets/{id} HTTP/1.1" 200 42 r-1"#)
    }

    @Test func unknownAndAbsentVariablesAreDashes() {
        var refused = record
        refused.integrationStatus = nil
        let template = AccessLogTemplate("$context.integrationStatus $context.authorizer.claims.sub $context.identity.caller.")
        #expect(template.render(refused) == "- - -.", "a trailing dot is text")
    }

    @Test func valuesCannotBreakTheLine() {
        var hostile = record
        hostile.userAgent = "evil\"}\n{\"forged\":\"1\\"
        let template = AccessLogTemplate(#"{"ua":"$context.identity.userAgent"}"#)
        #expect(template.render(hostile) == #"{"ua":"evil\"}\n{\"forged\":\"1\\"}"#)
    }

    @Test func aLoneMarkerIsText() {
        #expect(AccessLogTemplate("cost: $context. $context.stage").render(record) == "cost: $context. prod")
    }

    @Test func theStandardFormatNamesWhatAnOperatorNeeds() {
        let line = AccessLogTemplate.standard.render(record)
        #expect(line.hasPrefix(#"192.0.2.9 - k123 [03/Dec/2026:22:58:10 +0000] "GET /pets/7 HTTP/1.1" 200 42 r-1 "curl/8.0""#))
        #expect(line.contains("integrationStatus=200 integrationLatency=2 error=-"))
    }
}
