import Crypto
import Foundation
import SwiftASN1
import X509

/// The self-signed X.509 certificates `GenerateClientCertificate` answers with: a fresh P-256 key,
/// the certificate signed by it for client authentication, PEM-encoded. The private key is dropped:
/// Turnpike presents no client certificate to backends, so the PEM is only for them to record.
enum SelfSignedCertificate {
    /// A PEM certificate for `commonName`, valid from `validFrom` (epoch seconds) for `seconds`.
    ///
    /// ```swift
    /// let pem = try SelfSignedCertificate.pem(commonName: "Turnpike client certificate ab12cd", validFrom: now, seconds: 86_400)
    /// // "-----BEGIN CERTIFICATE-----\nMIIB..."
    /// ```
    static func pem(commonName: String, validFrom: Int, seconds: Int) throws -> String {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("Turnpike")
            OrganizationalUnitName("API Gateway")
            CommonName(commonName)
        }
        let notBefore = Date(timeIntervalSince1970: TimeInterval(validFrom))
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notBefore,
            notValidAfter: notBefore.addingTimeInterval(TimeInterval(seconds)),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return try certificate.serializeAsPEM().pemString + "\n"
    }
}
