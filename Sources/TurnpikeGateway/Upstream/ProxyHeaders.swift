/// The header rules of an HTTP proxy integration: what goes to the backend and what comes back
/// (``writeUpstreamRequestHead(into:method:target:head:clientAddress:upstreamHost:bodyLength:)`` and
/// ``writeDownstreamResponseFields(of:into:)`` apply them to the raw header lines).
///
/// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are dropped both ways:
/// `Connection` and every header it names, `Keep-Alive`, `Proxy-Authenticate`,
/// `Proxy-Authorization`, `Proxy-Connection`, `TE`, `Trailer`, `Trailers`, `Transfer-Encoding`,
/// `Upgrade`. The body's framing is then the sender's business: set `Content-Length`, or chunk,
/// for the body actually written. `Content-Length` itself passes. `x-api-key` passes too, as AWS
/// passes it on.
public enum ProxyHeaders {}
