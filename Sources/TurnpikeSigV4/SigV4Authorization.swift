/// A parsed `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header.
public struct SigV4Authorization: Sendable, Hashable {
    /// The only algorithm accepted.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The access key id (the part of `Credential` before the scope).
    public var accessKeyID: String
    /// The credential scope the signature claims.
    public var scope: CredentialScope
    /// The signed header names, lower-cased, in the order the client listed them.
    public var signedHeaders: [String]
    /// The hex signature, lower-cased.
    public var signature: String

    /// Creates a header value from its parts.
    public init(accessKeyID: String, scope: CredentialScope, signedHeaders: [String], signature: String) {
        self.accessKeyID = accessKeyID
        self.scope = scope
        self.signedHeaders = signedHeaders
        self.signature = signature
    }

    /// Parses an `Authorization` header value.
    ///
    /// Parameters are separated by commas, with or without spaces, in any order. The header's
    /// text is never echoed into error messages (it may be someone's bearer token).
    /// - Throws: ``SigV4Refusal/incomplete(_:)`` saying what is wrong.
    public init(parsing header: String) throws(SigV4Refusal) {
        let trimmed = header.trimmingSigV4Whitespace()
        let algorithmEnd = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? trimmed.endIndex
        guard trimmed[..<algorithmEnd] == Self.algorithm else {
            throw .incomplete("Unsupported Authorization Type: only \(Self.algorithm) signatures are accepted.")
        }
        var parameters: [String: String] = [:]
        for component in trimmed[algorithmEnd...].split(separator: ",") {
            let pair = component.trimmingSigV4Whitespace()
            if pair.isEmpty { continue }
            guard let equals = pair.firstIndex(of: "=") else {
                throw .incomplete("Invalid key=value pair (missing equal-sign) in Authorization header.")
            }
            let key = String(pair[..<equals])
            guard parameters[key] == nil else {
                throw .incomplete("Authorization header has more than one '\(Self.printable(key))' parameter.")
            }
            parameters[key] = String(pair[pair.index(after: equals)...])
        }
        let missing = ["Credential", "Signature", "SignedHeaders"].filter { parameters[$0] == nil }
        guard missing.isEmpty, let credential = parameters["Credential"],
            let signedHeaders = parameters["SignedHeaders"], let signature = parameters["Signature"]
        else {
            throw .incomplete(missing.map { "Authorization header requires '\($0)' parameter." }.joined(separator: " "))
        }
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, !parts[0].isEmpty else {
            throw .incomplete(
                "Credential must have the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request.")
        }
        guard parts[1].utf8.count == 8, parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .incomplete("Credential should be scoped to a valid date in yyyyMMdd format.")
        }
        guard !parts[2].isEmpty else {
            throw .incomplete("Credential should be scoped to a valid region.")
        }
        guard !parts[3].isEmpty else {
            throw .incomplete("Credential should be scoped to a valid service.")
        }
        guard parts[4] == CredentialScope.terminator else {
            throw .incomplete(
                "Credential should be scoped with a valid terminator: '\(CredentialScope.terminator)', not '\(Self.printable(parts[4]))'.")
        }
        let names = signedHeaders.split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.trimmingSigV4Whitespace().lowercased() }
        guard !names.contains(where: \.isEmpty) else {
            throw .incomplete("SignedHeaders must be a non-empty, semicolon-separated list of header names.")
        }
        guard Hex.isSHA256Digest(signature) else {
            throw .incomplete("Signature must be 64 hexadecimal characters.")
        }
        self.init(
            accessKeyID: parts[0],
            scope: CredentialScope(date: parts[1], region: parts[2], service: parts[3]),
            signedHeaders: names,
            signature: signature.lowercased())
    }

    /// The header value in the form botocore and the Go SDK send.
    public var headerValue: String {
        "\(Self.algorithm) Credential=\(accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
    }

    /// `text` cut to a short, printable-ASCII excerpt fit for an error message.
    private static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(40).filter { $0.value >= 0x20 && $0.value < 0x7F }))
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSigV4Whitespace() -> SubSequence {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
