import TurnpikeModel

/// The admin API's rule for request paths: one path form only, so that what SigV4 verifies is
/// exactly what the router routes.
///
/// SigV4 clients disagree on the canonical path: botocore (aws CLI, boto3) removes dot and empty
/// segments before signing, the Go SDK (Terraform) signs the path as sent. A verifier that accepts
/// both would let a request signed for `/apikeys` be sent as `/restapis/x/../apikeys` and routed
/// by its raw path. So, before authentication, a path is refused with 400 `BadRequestException`
/// when it does not start with `/`, or when any segment is empty (`//`, a trailing `/`) or is `.`
/// or `..`, also percent-encoded (`%2e`, `.%2E`, `%2e%2e`). On every path left, both clients'
/// canonical forms are the same text. No AWS client sends such paths: path parameters are
/// percent-encoded (`/` as `%2F`), and AWS's own ids and names are never `.` or `..`.
public enum AdminRawPath {
    /// Why `rawPath` (as received, still percent-encoded, without the query) is refused; nil when
    /// it is in the one accepted form. `/` alone is accepted (and matches no operation).
    public static func refusal(_ rawPath: String) -> GatewayError? {
        guard rawPath != "/" else { return nil }
        guard rawPath.hasPrefix("/") else {
            return .badRequest("Invalid request path: it must start with '/'")
        }
        for segment in rawPath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst() {
            if segment.isEmpty {
                return .badRequest("Invalid request path: empty path segments ('//' or a trailing '/') are not accepted")
            }
            if isDotSegment(segment) {
                return .badRequest("Invalid request path: '.' and '..' segments (also percent-encoded) are not accepted")
            }
        }
        return nil
    }

    /// True for `.` and `..`, each dot written as `.`, `%2e` or `%2E`.
    static func isDotSegment(_ segment: some Collection<UInt8>) -> Bool {
        var bytes = segment[...]
        var dots = 0
        while !bytes.isEmpty {
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
            } else if bytes.starts(with: "%2e".utf8) || bytes.starts(with: "%2E".utf8) {
                bytes = bytes.dropFirst(3)
            } else {
                return false
            }
            dots += 1
            if dots > 2 { return false }
        }
        return dots > 0
    }
}
