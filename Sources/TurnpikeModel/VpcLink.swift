/// A VPC link, as AWS's `VpcLink` shape: recorded with its target ARNs and answered `AVAILABLE`.
/// Turnpike reaches backends directly; an integration cannot go through a link.
public struct VpcLink: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var targetArns: [String]
    public var status: String
    public var statusMessage: String?
    public var tags: [String: String]?
}

/// What `CreateVpcLink` takes.
public struct CreateVpcLinkInput: Codable, Sendable {
    public var name: String?
    public var description: String?
    public var targetArns: [String]?
    public var tags: [String: String]?

    public init(name: String?, description: String? = nil, targetArns: [String]?, tags: [String: String]? = nil) {
        self.name = name
        self.description = description
        self.targetArns = targetArns
        self.tags = tags
    }
}

/// A client certificate, as AWS's `ClientCertificate` shape: its description, tags and the
/// self-signed certificate generated for it (`pemEncodedCertificate`, for backends to trust).
/// Turnpike presents nothing to backends with it, so its private key is not kept.
public struct ClientCertificate: Codable, Sendable, Equatable {
    public var clientCertificateId: String
    public var description: String?
    /// The certificate, PEM-encoded (absent on certificates recorded before Turnpike generated them).
    public var pemEncodedCertificate: String?
    public var createdDate: Int
    public var expirationDate: Int
    public var tags: [String: String]?
}

/// What `GenerateClientCertificate` takes.
public struct GenerateClientCertificateInput: Codable, Sendable {
    public var description: String?
    public var tags: [String: String]?

    public init(description: String? = nil, tags: [String: String]? = nil) {
        self.description = description
        self.tags = tags
    }
}
