import Foundation
import TurnpikeSigV4

/// One case of AWS's published SigV4 test suite (aws-sig-v4-test-suite).
///
/// The suite signs with access key `AKIDEXAMPLE`, region `us-east-1`, service `service`, at
/// 20150830T123600Z. Its paths are given *unencoded* (`/ሴ`, `/example space/`) and the suite
/// encodes them once, which is what botocore's normalised form does to an unencoded path.
struct AWSTestSuiteVector: Sendable, CustomStringConvertible {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let region = "us-east-1"
    static let service = "service"
    /// 2015-08-30T12:36:00Z.
    static let signedAt = Date(timeIntervalSince1970: 1_440_938_160)

    var name: String
    var method: String
    var rawPath: String
    var rawQuery: String = ""
    var headers: [(String, String)]
    var body: String = ""
    var canonicalRequest: String
    var stringToSign: String
    var authorization: String

    var description: String { name }

    /// The request as sent, `Authorization` included.
    var signedRequest: SignableRequest {
        SignableRequest(
            method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers + [("Authorization", authorization)],
            body: Array(body.utf8))
    }

    /// The request without its `Authorization` header.
    var unsignedRequest: SignableRequest {
        SignableRequest(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers, body: Array(body.utf8))
    }
}
