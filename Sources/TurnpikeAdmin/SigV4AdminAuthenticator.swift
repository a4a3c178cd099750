import Foundation
import TurnpikeModel
import TurnpikeSigV4

/// Admin authentication by AWS Signature Version 4 (service `apigateway`, any region).
public struct SigV4AdminAuthenticator: AdminAuthenticator {
    let verifier: SigV4Verifier

    /// Verifies signatures against the secret `lookup` returns for an access key id, on the path
    /// as sent only (``AdminRawPath`` has refused the paths where clients' canonical forms differ).
    public init(lookup: @escaping @Sendable (String) -> String?) {
        verifier = SigV4Verifier(service: "apigateway", pathForms: [.unnormalized], lookup: lookup)
    }

    init(verifier: SigV4Verifier) {
        self.verifier = verifier
    }

    /// Development mode: any well-formed, fresh signature is accepted.
    public static func acceptingAnyCredentials() -> SigV4AdminAuthenticator {
        SigV4AdminAuthenticator(verifier: .acceptingAnyCredentials(service: "apigateway"))
    }

    public func authenticate(_ request: AdminCredentialsRequest, now: Date) throws -> String {
        let signable = SignableRequest(
            method: request.method, rawPath: request.rawPath, rawQuery: request.rawQuery,
            headers: request.headers, body: request.body)
        switch verifier.verify(signable, now: now) {
        case .success(let identity):
            return identity.accessKeyID
        case .failure(let refusal):
            throw GatewayError(Self.code(for: refusal), refusal.message)
        }
    }

    /// Checks the `Authorization` header, the service and scope, the date's skew and the access
    /// key id; only a signature that may match once the real body is hashed passes unverified.
    public func authenticateHead(_ request: AdminCredentialsRequest, now: Date) throws {
        let signable = SignableRequest(
            method: request.method, rawPath: request.rawPath, rawQuery: request.rawQuery, headers: request.headers, body: [])
        switch verifier.verify(signable, now: now) {
        case .success, .failure(.signatureMismatch):
            return
        case .failure(let refusal):
            throw GatewayError(Self.code(for: refusal), refusal.message)
        }
    }

    static func code(for refusal: SigV4Refusal) -> GatewayError.Code {
        switch refusal {
        case .missingAuthentication: return .missingAuthenticationToken
        case .incomplete: return .incompleteSignature
        case .unknownAccessKey: return .unrecognizedClient
        case .signatureMismatch, .expired: return .invalidSignature
        }
    }
}
