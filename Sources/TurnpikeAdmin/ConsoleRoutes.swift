import TurnpikeModel

/// The admin listener's unsigned requests, answered before the SigV4 check: the web console's and
/// the portal's static files (`GET /_turnpike/console/...`, `GET /_turnpike/portal/...`) and the key
/// holder's own report (`GET /_turnpike/self` with `x-api-key`). Anything else is nil: the signed
/// admin API handles it.
public struct ConsoleRoutes: Sendable {
    /// The data plane's check of a key holder's request; nil answers `/_turnpike/self` with 404.
    let keyHolders: KeyHolderGate?

    /// - Parameter keyHolders: the data plane's check for `GET /_turnpike/self`; nil leaves it unserved.
    public init(keyHolders: KeyHolderGate?) {
        self.keyHolders = keyHolders
    }

    /// The prefix of every console path.
    public static let prefix = "/_turnpike/"

    /// Security headers of every static answer: only the gateway's own origin, no framing.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
    ]

    /// The answer to an unsigned request, or nil when the request is not one of these.
    public func answer(method: String, rawPath: String, headers: [(String, String)], context: AdminContext) async -> AdminResponse? {
        guard rawPath.hasPrefix(Self.prefix) else { return nil }
        if rawPath == "/_turnpike/self" { return await keyHolderAnswer(method: method, headers: headers, context: context) }
        guard let parts = Self.split(rawPath) else { return nil }
        guard method == "GET" || method == "HEAD" else {
            return AdminResponse(status: 405, headers: [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8")],
                                 body: Array("Method Not Allowed\n".utf8))
        }
        guard let name = parts.name else {
            // `/_turnpike/console` without its slash: relative links need the slash.
            return AdminResponse(status: 301, headers: [("Location", "/_turnpike/\(parts.section)/")])
        }
        let file = name == "" || name == "index.html" ? "\(parts.section).html" : name
        guard let asset = ConsoleAsset.all[file] else {
            return AdminResponse(status: 404, headers: [("Content-Type", "text/plain; charset=utf-8")] + Self.securityHeaders,
                                 body: Array("Not Found\n".utf8))
        }
        return AdminResponse(
            status: 200,
            headers: [("Content-Type", asset.contentType), ("Cache-Control", "no-cache")] + Self.securityHeaders,
            body: method == "HEAD" ? [] : asset.bytes)
    }

    /// `("console", "app.js")` for `/_turnpike/console/app.js`, `("console", nil)` for
    /// `/_turnpike/console`; nil outside the two sections or for a deeper path.
    static func split(_ rawPath: String) -> (section: String, name: String?)? {
        let rest = rawPath.dropFirst(prefix.count)
        for section in ["console", "portal"] where rest.hasPrefix(section) {
            let after = rest.dropFirst(section.count)
            if after.isEmpty { return (section, nil) }
            guard after.first == "/" else { return nil }
            let name = after.dropFirst()
            guard !name.contains("/") else { return nil }
            return (section, String(name))
        }
        return nil
    }

    private func keyHolderAnswer(method: String, headers: [(String, String)], context: AdminContext) async -> AdminResponse {
        guard let keyHolders else { return .error(GatewayError.notFound("No API Gateway operation matches \(method) /_turnpike/self")) }
        guard method == "GET" else {
            return .error(GatewayError(.badRequest, "/_turnpike/self answers GET only"))
        }
        let apiKey = headers.first { $0.0.lowercased() == "x-api-key" }?.1 ?? ""
        var answer: AdminResponse
        switch keyHolders(apiKey) {
        case .forbidden:
            answer = .error(GatewayError(.forbidden, "Forbidden"))
        case .throttled(let seconds):
            answer = .error(GatewayError(.tooManyRequests, "Too Many Requests"))
            answer.headers.append(("Retry-After", String(max(1, seconds))))
        case .admitted(let keyId, let planIds):
            do {
                answer = try .json(try await KeyHolderReport.build(keyId: keyId, planIds: planIds, context: context))
            } catch let error as GatewayError {
                answer = .error(error)
            } catch {
                answer = .error(GatewayError(.serviceUnavailable, "The configuration store is unavailable; retry later"))
            }
        }
        answer.headers.append(("Cache-Control", "no-store"))
        return answer
    }
}
