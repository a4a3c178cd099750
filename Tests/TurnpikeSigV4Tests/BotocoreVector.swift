import Foundation
import TurnpikeSigV4

/// A request signed by real botocore, with botocore's own canonical request and string to sign.
/// The values live in the generated `BotocoreVectors.swift`.
struct BotocoreVector: Sendable, CustomStringConvertible {
    var name: String
    var method: String
    var rawPath: String
    var rawQuery: String
    var headers: [(String, String)]
    var body: String
    var canonicalRequest: String
    var stringToSign: String

    var description: String { name }

    /// The request as it arrived, `Authorization` included.
    var request: SignableRequest {
        SignableRequest(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers, body: Array(body.utf8))
    }

    /// The value of the `Authorization` header botocore sent.
    var authorization: String {
        headers.first { $0.0.lowercased() == "authorization" }?.1 ?? ""
    }

    /// The instant botocore signed at.
    static var signedAt: Date { Date(timeIntervalSince1970: BotocoreVectors.signedAt) }

    /// A verifier that knows the botocore vectors' key.
    static let verifier = SigV4Verifier { key in
        key == BotocoreVectors.accessKeyID ? BotocoreVectors.secretAccessKey : nil
    }
}
