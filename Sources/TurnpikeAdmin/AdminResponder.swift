import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TurnpikeModel

/// The admin API: authenticates, routes and runs each request, and renders every failure in
/// AWS's error shape. `handle` works without sockets, so tests drive it directly.
public struct AdminResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    /// The largest request body accepted (AWS's payload limit), for the import operations.
    public static let maximumBodySize = 10 * 1024 * 1024
    /// The largest body of every other operation: their inputs are small JSON documents.
    public static let maximumOperationBodySize = 256 * 1024

    /// The largest body the operation at `method` `target` may carry: 10 MB for ImportApiKeys,
    /// ImportRestApi, PutRestApi and ImportDocumentationParts (documents), 256 KiB for the rest.
    public static func maximumBodySize(method: String, target: String) -> Int {
        let path = target.split(separator: "?", maxSplits: 1).first ?? ""
        let imports = target.contains("mode=import")
        switch method {
        case "POST" where imports && (path == "/apikeys" || path == "/restapis"):
            return maximumBodySize
        case "PUT" where path.hasPrefix("/restapis/") && !path.dropFirst("/restapis/".count).contains("/"):
            return maximumBodySize
        case "PUT" where path.hasPrefix("/restapis/") && path.hasSuffix("/documentation/parts")
            && path.split(separator: "/").count == 4:
            return maximumBodySize
        default:
            return maximumOperationBodySize
        }
    }

    /// The refusal for a request whose head already fails authentication, or nil; asked before
    /// the body is read, so an unauthenticated caller cannot make the gateway buffer a body.
    public func refusalBeforeBody(method: String, target: String, headers: [(String, String)]) -> AdminResponse? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        // The console's files and `/_turnpike/self` are answered without a signature.
        if parts.first?.hasPrefix(ConsoleRoutes.prefix) == true { return nil }
        let request = AdminCredentialsRequest(
            method: method, rawPath: String(parts.first ?? "/"), rawQuery: parts.count > 1 ? String(parts[1]) : "",
            headers: headers, body: [])
        do {
            try authenticator.authenticateHead(request, now: context.clock())
            return nil
        } catch let error as GatewayError {
            var answer = AdminResponse.error(error)
            answer.headers.append(("x-amzn-RequestId", UUID().uuidString.lowercased()))
            return answer
        } catch {
            return nil
        }
    }

    let table: AdminRouteTable
    let context: AdminContext
    let authenticator: any AdminAuthenticator
    let logger: Logger
    /// The unsigned console files and `/_turnpike/self`, answered before authentication.
    let console: ConsoleRoutes

    /// - Parameter keyHolders: the data plane's check for `GET /_turnpike/self` (nil: not served).
    public init(context: AdminContext, authenticator: any AdminAuthenticator, logger: Logger,
                table: AdminRouteTable = AdminRouteTable(), keyHolders: KeyHolderGate? = nil) {
        self.table = table
        self.context = context
        self.authenticator = authenticator
        self.logger = logger
        self.console = ConsoleRoutes(keyHolders: keyHolders)
    }

    public func respond(to request: Request, context _: Context) async throws -> Response {
        var request = request
        let answer: AdminResponse
        do {
            let body = try await request.collectBody(upTo: Self.maximumBodySize)
            // HTTPTypes keeps the Host header as the `:authority` pseudo-header; SigV4 signs it as `host`.
            var headers = request.headers.map { ($0.name.rawName, $0.value) }
            if let authority = request.head.authority { headers.append(("host", authority)) }
            answer = await handle(
                method: request.method.rawValue, target: request.head.path ?? "/", headers: headers, body: Array(buffer: body))
        } catch {
            answer = .error(GatewayError(.payloadTooLarge, "Request body exceeds the maximum size of 10 MB"))
        }
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// Runs one admin request: `target` is the raw request target (path and query).
    public func handle(method: String, target: String, headers: [(String, String)], body: [UInt8]) async -> AdminResponse {
        let requestID = UUID().uuidString.lowercased()
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = String(parts.first ?? "/")
        let rawQuery = parts.count > 1 ? String(parts[1]) : ""
        if var answer = await console.answer(method: method, rawPath: rawPath, headers: headers, context: context) {
            answer.headers.append(("x-amzn-RequestId", requestID))
            return answer
        }
        let query = AdminRequest.parseQuery(rawQuery)
        var operation = "unknown"
        var principal: String?
        var answer: AdminResponse
        do {
            // One path form only, before anything else: see ``AdminRawPath``.
            if let refusal = AdminRawPath.refusal(rawPath) { throw refusal }
            principal = try authenticator.authenticate(
                AdminCredentialsRequest(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers, body: body),
                now: context.clock())
            guard let match = table.match(method: method, rawPath: rawPath, query: query) else {
                throw unmatched(method: method, rawPath: rawPath, query: query)
            }
            operation = match.route.operation
            let request = AdminRequest(method: method, rawPath: rawPath, parameters: match.parameters, query: query, headers: headers, body: body)
            answer = try await match.route.handler(request, context)
            if method != "GET" { await context.settleConfiguration() }
        } catch let error as GatewayError {
            answer = .error(error)
        } catch {
            // Validation throws GatewayError; anything else comes from the store (unreachable, timed
            // out, or still conflicting after retries): nothing was changed, the caller may retry.
            logger.error("admin operation failed", metadata: ["operation": "\(operation)", "error": "\(error)"])
            answer = .error(GatewayError(.serviceUnavailable, "The configuration store is unavailable; retry later"))
        }
        answer.headers.append(("x-amzn-RequestId", requestID))
        if let principal, AdminAuditEntry.audits(method: method) {
            let entry = AdminAuditEntry(operation: operation, rawPath: rawPath, principal: principal, answer: answer)
            logger.notice("admin change", metadata: entry.metadata(requestID: requestID))
        }
        logger.debug("admin request", metadata: [
            "method": "\(method)", "operation": "\(operation)", "status": "\(answer.status)", "requestId": "\(requestID)",
        ])
        return answer
    }

    private func unmatched(method: String, rawPath: String, query: [(name: String, value: String)]) -> GatewayError {
        if let name = table.unimplementedOperation(method: method, rawPath: rawPath, query: query) {
            return .badRequest("Turnpike does not implement the API Gateway operation \(name)")
        }
        return .notFound("No API Gateway operation matches \(method) \(rawPath)")
    }
}
