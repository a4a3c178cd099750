/// The rules for header names and values an admin maps onto answers the gateway writes itself:
/// gateway responses (`gatewayresponse.header.X`), MOCK integration responses and method responses
/// (`method.response.header.X`), and the media types of response templates (sent as
/// `Content-Type`).
///
/// **Admin input limits.** A name must be an RFC 9110 token (`!#$%&'*+-.^_`|~`, digits, letters)
/// and must not name a header the writer owns: the framing and hop-by-hop ones (`Content-Length`,
/// `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Proxy-Connection`, `TE`, `Trailer`,
/// `Upgrade`) or `Host`, also spelled with `_` for `-`. A value must not hold control characters
/// (CR, LF, NUL, the rest of `0x00-0x1F` and DEL), tab aside. Writes that break these are refused
/// with a 400 `BadRequestException`; values stored before are skipped when rendered.
public enum HeaderField {
    /// Lowercased names the writer owns.
    public static let reserved: Set<String> = [
        "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "host",
    ]

    /// True when `name` is a non-empty RFC 9110 token.
    public static func isToken(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(isTokenByte)
    }

    /// True when `value` holds no control character but tab.
    public static func isSafeValue(_ value: some StringProtocol) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }

    /// True when a header of this name may be mapped: a token the writer does not own.
    public static func isMappable(name: some StringProtocol) -> Bool {
        isToken(name) && !reserved.contains(String(name.lowercased().map { $0 == "_" ? "-" : $0 }))
    }

    /// True when the header may be written as mapped (the render-time check).
    public static func isRenderable(name: some StringProtocol, value: some StringProtocol) -> Bool {
        isMappable(name: name) && isSafeValue(value)
    }

    /// Checks one response parameter: when `key` maps a header (it starts with `prefix`), the
    /// header's name, and the value when `source` is a literal `'value'`.
    /// - Parameters:
    ///   - key: e.g. `method.response.header.X-Trace`.
    ///   - source: the mapping's source, e.g. `'abc'`; nil for method responses (a Boolean).
    ///   - prefix: `method.response.header.` or `gatewayresponse.header.`.
    public static func validateParameter(_ key: String, source: String?, prefix: String) throws {
        guard key.hasPrefix(prefix) else { return }
        let name = key.dropFirst(prefix.count)
        guard isMappable(name: name) else {
            throw GatewayError.badRequest(
                "Invalid response header name '\(sanitized(name))' in \(sanitized(key)): "
                    + "must be a token, and not Content-Length, Transfer-Encoding, Host or a hop-by-hop header"
            )
        }
        if let source, source.count >= 2, source.first == "'", source.last == "'", !isSafeValue(source) {
            throw GatewayError.badRequest(
                "Invalid value for response header '\(name)': control characters (CR, LF, NUL ...) are not allowed"
            )
        }
    }

    /// Checks the media types of response templates, which become `Content-Type` values.
    public static func validateMediaTypes(_ templates: [String: String]?) throws {
        for mediaType in (templates ?? [:]).keys where !isSafeValue(mediaType) || mediaType.isEmpty {
            throw GatewayError.badRequest(
                "Invalid content type '\(sanitized(mediaType))' for a response template: control characters are not allowed"
            )
        }
    }

    /// `text` with control characters shown as `?`, for messages.
    static func sanitized(_ text: some StringProtocol) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
