import NIOCore
import NIOHTTP1

extension LambdaProxyEvent {
    /// The event for `request` (routed and collected, `body` read whole) on `plan`'s stage.
    /// A body whose `Content-Type` is one of the API's `binaryMediaTypes` goes base64-encoded, as
    /// on AWS; so does one that is not UTF-8 text (AWS would mangle it). `accountId` is
    /// `requestContext.accountId`.
    init(request: InvokeRequest, plan: LambdaPlan, body: ByteBuffer?, clientAddress: String?, accountId: String) {
        let target = request.target
        let path = target?.path ?? "/"
        let headers = request.headers.map { (name: $0.name, value: $0.value) }
        let bytes = body.map { Array(buffer: $0) }
        let header = { (name: String) in request.headers.first(name: name) }
        self.init(
            resource: request.match?.method.resourcePath ?? path, path: path, httpMethod: request.method,
            headers: headers, query: Self.queryParameters(target?.rawQuery ?? ""),
            pathParameters: request.match.map { $0.pathParameters(in: path).sorted { $0.key < $1.key } } ?? [],
            stageVariables: plan.stageVariables, body: bytes,
            bodyIsBinary: bytes.map {
                plan.binaryMediaTypes.matches(header("content-type")) || String(validating: $0, as: UTF8.self) == nil
            } ?? false,
            context: RequestContext(
                accountId: accountId, apiId: target?.apiId ?? "", stage: target?.stage ?? "",
                requestId: request.identity.requestId, extendedRequestId: request.identity.gatewayId,
                resourceId: request.match?.method.resourceId ?? "", protocolVersion: "HTTP/1.\(request.version.minor)",
                epochMilliseconds: request.identity.epochSeconds * 1000, sourceIp: clientAddress ?? "",
                userAgent: header("user-agent"), apiKey: request.admission == nil ? nil : header("x-api-key"),
                apiKeyId: request.keyId, domainName: header("host") ?? ""))
    }

    /// `a=1&b=x%20y&a=2` as decoded pairs in order (a name without `=` has an empty value; a pair
    /// that does not decode is dropped).
    static func queryParameters(_ rawQuery: String) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for part in rawQuery.utf8.split(separator: UInt8(ascii: "&")) where !part.isEmpty {
            let equals = part.firstIndex(of: UInt8(ascii: "=")) ?? part.endIndex
            let rawName = Array(part[..<equals])
            let rawValue = equals < part.endIndex ? Array(part[part.index(after: equals)...]) : []
            guard let name = rawName.withUnsafeBytes(PercentCoding.decode),
                  let value = rawValue.withUnsafeBytes(PercentCoding.decode)
            else { continue }
            pairs.append((name, value))
        }
        return pairs
    }
}
