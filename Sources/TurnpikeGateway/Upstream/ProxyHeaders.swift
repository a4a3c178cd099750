public import NIOHTTP1

/// The header rules of an HTTP proxy integration: what goes to the backend and what comes back.
///
/// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are dropped both ways:
/// `Connection` and every header it names, `Keep-Alive`, `Proxy-Authenticate`,
/// `Proxy-Authorization`, `Proxy-Connection`, `TE`, `Trailer`, `Trailers`, `Transfer-Encoding`,
/// `Upgrade`. The body's framing is then the sender's business: set `Content-Length`, or chunk,
/// for the body actually written. `Content-Length` itself passes. `x-api-key` passes too, as AWS
/// passes it on.
public enum ProxyHeaders {
    /// The headers to send to the backend for a client request's `headers`:
    /// hop-by-hop headers dropped, `Host` set to `upstreamHost` (`host[:port]`, see
    /// ``HTTPProxyPlan/hostHeader``), the client's address appended to `X-Forwarded-For` (after any
    /// list the request brought), `Expect` dropped, and `X-Forwarded-Proto` set to `proto` (a
    /// client's own is never passed on).
    public static func upstreamRequestHeaders(
        from headers: HTTPHeaders, clientAddress: String?, upstreamHost: String, proto: String = "http"
    ) -> HTTPHeaders {
        var result = withoutHopByHop(headers)
        result.remove(name: "Expect")
        result.replaceOrAdd(name: "Host", value: upstreamHost)
        if let clientAddress, !clientAddress.isEmpty {
            let existing = result[canonicalForm: "X-Forwarded-For"]
            if existing.isEmpty {
                result.add(name: "X-Forwarded-For", value: clientAddress)
            } else {
                result.replaceOrAdd(name: "X-Forwarded-For", value: existing.joined(separator: ", ") + ", " + clientAddress)
            }
        }
        result.replaceOrAdd(name: "X-Forwarded-Proto", value: proto)
        return result
    }

    /// The backend's response headers to pass to the client: hop-by-hop headers dropped.
    public static func downstreamResponseHeaders(from headers: HTTPHeaders) -> HTTPHeaders {
        withoutHopByHop(headers)
    }

    /// The headers that never cross a proxy, lowercased.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
        "trailer", "trailers", "transfer-encoding", "upgrade",
    ]

    private static func withoutHopByHop(_ headers: HTTPHeaders) -> HTTPHeaders {
        var named: Set<String> = []
        for value in headers[canonicalForm: "Connection"] {
            let token = value.lowercased()
            if !token.isEmpty { named.insert(String(token)) }
        }
        var result = HTTPHeaders()
        result.reserveCapacity(headers.count)
        for (name, value) in headers {
            let lowered = name.lowercased()
            if hopByHop.contains(lowered) || named.contains(lowered) { continue }
            result.add(name: name, value: value)
        }
        return result
    }
}
