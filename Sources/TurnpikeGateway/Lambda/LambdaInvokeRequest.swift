import Foundation
import TurnpikeModel
import TurnpikeSigV4

/// A call of Lambda's Invoke API (`POST /2015-03-31/functions/{function}/invocations`,
/// `RequestResponse`), signed with SigV4 (service `lambda`, the function URI's region), written
/// as the bytes of an HTTP/1.1 request head and body.
struct LambdaInvokeRequest {
    /// The function's name or ARN, and its region.
    let uri: LambdaInvocationURI
    /// The `Host` of the Lambda endpoint, e.g. `lambda.eu-west-1.amazonaws.com` or `127.0.0.1:3001`.
    let host: String
    let payload: [UInt8]

    /// The request path: the function percent-encoded as one segment (`:` as `%3A`), as the SDKs send it.
    var path: String { "/2015-03-31/functions/\(PercentEncoding.encode(uri.function, keepingSlash: false))/invocations" }

    /// The request's head fields, signed at `epochSeconds` with `credentials` (the session token,
    /// when there is one, is sent and signed as `X-Amz-Security-Token`).
    func headers(credentials: AWSCredentials, epochSeconds: Int) -> [(String, String)] {
        var headers: [(String, String)] = [
            ("Host", host), ("Content-Type", "application/json"), ("Content-Length", String(payload.count)),
            ("X-Amz-Invocation-Type", "RequestResponse"),
        ]
        if let token = credentials.sessionToken { headers.append(("X-Amz-Security-Token", token)) }
        let signer = SigV4Signer(
            credentials: SigV4Credentials(accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey),
            region: uri.region, service: "lambda")
        return headers + signer.sign(
            method: "POST", rawPath: path, rawQuery: "", headers: headers, body: payload,
            now: Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
    }

    /// The whole request: head and payload.
    func bytes(credentials: AWSCredentials, epochSeconds: Int) -> [UInt8] {
        var text = "POST \(path) HTTP/1.1\r\n"
        for (name, value) in headers(credentials: credentials, epochSeconds: epochSeconds) { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + payload
    }
}
