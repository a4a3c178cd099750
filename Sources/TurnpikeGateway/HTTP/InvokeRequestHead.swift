import NIOCore
import NIOHTTP1

/// A request head as the invoke path needs it: the request line, the few headers the gateway
/// decides on (parsed once), and the raw bytes of every header line, kept to be forwarded as they
/// came. Made by ``RequestHeadParser``. A class: the head travels with its request into the
/// exchange, and a reference is passed where this struct's copies each retained five fields.
final class InvokeRequestHead {
    /// What a header line means to the gateway.
    enum FieldKind: UInt8 {
        /// Any other header: forwarded as it came.
        case other
        case host
        case apiKey
        case contentLength
        case transferEncoding
        case connection
        case expect
        /// `X-Forwarded-For`: the client's address is appended to it.
        case forwardedFor
        /// `X-Forwarded-Proto`: when present, none is added.
        case forwardedProto
        /// A hop-by-hop header other than `Connection` and `Transfer-Encoding` (see ``ProxyHeaders``).
        case hopByHop
    }

    /// One header line: where its name and value (without surrounding whitespace) lie in ``bytes``.
    struct Field {
        var nameStart: Int32
        var nameEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
        var kind: FieldKind
    }

    /// The method, e.g. `GET` (one of ``RequestHeadParser``'s known methods).
    var method: String
    /// Where the request target lies in ``bytes``.
    let uriRange: Range<Int32>
    /// The request target as received (invalid UTF-8 replaced, as NIO did); made when first asked
    /// for (the admin endpoint, logs): the invoke path reads the target's bytes.
    private(set) lazy var uri: String = string(Int(uriRange.lowerBound)..<Int(uriRange.upperBound))
    var version: HTTPVersion
    /// The connection stays open after this request (HTTP/1.1 without `Connection: close`, or
    /// HTTP/1.0 with `Connection: keep-alive`).
    var keepAlive: Bool
    /// The first `Host` value.
    var host: String?
    /// Where the first `x-api-key` value (any case of the name) lies in ``bytes``.
    var apiKeyRange: Range<Int32>?
    /// `Content-Length`, when the request has one.
    var contentLength: Int?
    /// The body is chunked (`Transfer-Encoding: chunked`).
    var chunked: Bool
    /// The client waits for `100 Continue` before sending its body.
    var expectsContinue: Bool
    /// `Connection` names headers besides `close` and `keep-alive`: those are hop-by-hop too.
    var connectionNamesHeaders: Bool
    /// The head's bytes: request line and header lines; ``fields`` point into them.
    var bytes: ByteBuffer
    var fields = HeaderFields()

    init(method: String, uriRange: Range<Int32>, version: HTTPVersion, keepAlive: Bool, host: String?,
         apiKeyRange: Range<Int32>?, contentLength: Int?, chunked: Bool, expectsContinue: Bool,
         connectionNamesHeaders: Bool, bytes: ByteBuffer) {
        self.method = method
        self.uriRange = uriRange
        self.version = version
        self.keepAlive = keepAlive
        self.host = host
        self.apiKeyRange = apiKeyRange
        self.contentLength = contentLength
        self.chunked = chunked
        self.expectsContinue = expectsContinue
        self.connectionNamesHeaders = connectionNamesHeaders
        self.bytes = bytes
    }

    /// The first `x-api-key` value (any case of the name).
    var apiKey: String? {
        apiKeyRange.map { string(Int($0.lowerBound)..<Int($0.upperBound)) }
    }

    /// Where the request goes (``InvokeTarget/parse(host:uri:)`` over the target's bytes).
    var target: InvokeTargetParse {
        bytes.withUnsafeReadableBytes { raw in
            InvokeTarget.parse(host: host, uri: UnsafeRawBufferPointer(
                rebasing: raw[Int(uriRange.lowerBound)..<Int(uriRange.upperBound)]))
        }
    }

    /// Calls `body` with the first `x-api-key` value's bytes; nil when there is none.
    func withAPIKey<Result>(_ body: (UnsafeRawBufferPointer) -> Result?) -> Result? {
        guard let range = apiKeyRange else { return nil }
        return bytes.withUnsafeReadableBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[Int(range.lowerBound)..<Int(range.upperBound)]))
        }
    }

    /// The name of a header line, as received.
    func name(of field: Field) -> String {
        string(Int(field.nameStart)..<Int(field.nameEnd))
    }

    /// The value of a header line, without surrounding whitespace.
    func value(of field: Field) -> String {
        string(Int(field.valueStart)..<Int(field.valueEnd))
    }

    /// Every header, in order, as NIO's type (for the admin endpoint and tests; not on the hot path).
    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        headers.reserveCapacity(fields.count)
        for field in fields.lines { headers.add(name: name(of: field), value: value(of: field)) }
        return headers
    }

    /// The first value of a header (name compared case-insensitively).
    func first(name: String) -> String? {
        fields.firstValue(named: name, in: bytes)
    }

    private func string(_ range: Range<Int>) -> String {
        bytes.getString(at: bytes.readerIndex + range.lowerBound, length: range.count) ?? ""
    }
}
