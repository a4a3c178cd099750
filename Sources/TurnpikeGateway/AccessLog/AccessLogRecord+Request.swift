import NIOCore
import NIOHTTP1

extension AccessLogRecord {
    /// The record of an answered invoke request.
    init(_ request: InvokeRequest, _ summary: AnswerSummary, sourceIp: String?, now: NIODeadline) {
        self.init()
        requestId = request.identity.requestId
        extendedRequestId = request.identity.gatewayId
        self.sourceIp = sourceIp
        userAgent = request.headers.first(name: "user-agent")
        apiKeyId = request.keyId
        httpMethod = request.method
        resourcePath = request.match?.method.resourcePath
        path = request.target?.path ?? String(request.uri.prefix { $0 != "?" })
        `protocol` = "HTTP/\(request.version.major).\(request.version.minor)"
        status = summary.status
        responseLength = summary.bodyBytes
        requestTimeEpochMilliseconds = Int64(request.identity.epochSeconds) * 1000
        responseLatencyMilliseconds = (now - request.started).nanoseconds / 1_000_000
        integrationLatencyMilliseconds = summary.integrationNanoseconds.map { Int64($0 / 1_000_000) }
        integrationStatus = summary.integrationStatus
        errorResponseType = summary.responseType?.rawValue
        errorMessage = summary.responseType?.awsDefault.message
        apiId = request.apiId
        stage = request.stage
        xrayTraceId = String(request.identity.traceId.dropFirst("Root=".count))
    }
}
