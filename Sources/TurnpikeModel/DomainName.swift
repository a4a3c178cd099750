/// A custom domain name, as AWS's `DomainName` shape. Certificates are recorded by ARN or name
/// only (TLS is terminated in front of Turnpike); the invoke path routes a request whose `Host`
/// is the name by its base path mappings (``BasePathMapping``).
public struct DomainName: Codable, Sendable, Equatable {
    public var domainName: String
    public var domainNameId: String?
    public var domainNameArn: String?
    public var certificateName: String?
    public var certificateArn: String?
    public var certificateUploadDate: Int?
    public var regionalDomainName: String?
    public var regionalHostedZoneId: String?
    public var regionalCertificateName: String?
    public var regionalCertificateArn: String?
    public var distributionDomainName: String?
    public var distributionHostedZoneId: String?
    public var endpointConfiguration: EndpointConfiguration?
    public var domainNameStatus: String?
    public var securityPolicy: String?
    public var endpointAccessMode: String?
    public var mutualTlsAuthentication: MutualTlsAuthentication?
    public var ownershipVerificationCertificateArn: String?
    public var routingMode: String?
    public var tags: [String: String]?

    public init(domainName: String) {
        self.domainName = domainName
    }
}

/// A domain name's mutual TLS settings, recorded only.
public struct MutualTlsAuthentication: Codable, Sendable, Equatable {
    public var truststoreUri: String?
    public var truststoreVersion: String?
    public var truststoreWarnings: [String]?
}

/// A base path mapping of a domain name, as AWS's `BasePathMapping` shape: requests to
/// `https://{domain}/{basePath}/...` go to the API's stage (`stage` nil: the first path segment
/// after the base path names the stage). An empty base path is answered as `(none)`.
public struct BasePathMapping: Codable, Sendable, Equatable {
    public var basePath: String
    public var restApiId: String
    public var stage: String?

    public init(basePath: String, restApiId: String, stage: String?) {
        self.basePath = basePath
        self.restApiId = restApiId
        self.stage = stage
    }

    /// How AWS answers the empty base path.
    public static let none = "(none)"
}

/// A domain name with its base path mappings (by base path, `(none)` for the empty one): what is
/// stored as one record.
public struct DomainNameDocument: Codable, Sendable, Equatable {
    public var domain: DomainName
    public var mappings: [String: BasePathMapping]

    public init(domain: DomainName, mappings: [String: BasePathMapping] = [:]) {
        self.domain = domain
        self.mappings = mappings
    }
}

/// What `CreateDomainName` takes (AWS's `CreateDomainNameRequest`). Uploaded certificate bodies and
/// keys are refused: Turnpike records certificates by ARN or name only.
public struct CreateDomainNameInput: Codable, Sendable {
    public var domainName: String?
    public var certificateName: String?
    public var certificateBody: String?
    public var certificatePrivateKey: String?
    public var certificateChain: String?
    public var certificateArn: String?
    public var regionalCertificateName: String?
    public var regionalCertificateArn: String?
    public var endpointConfiguration: EndpointConfiguration?
    public var tags: [String: String]?
    public var securityPolicy: String?
    public var endpointAccessMode: String?
    public var mutualTlsAuthentication: MutualTlsAuthentication?
    public var ownershipVerificationCertificateArn: String?
    public var policy: String?
    public var routingMode: String?

    public init(domainName: String?) {
        self.domainName = domainName
    }
}

/// What `CreateBasePathMapping` takes.
public struct CreateBasePathMappingInput: Codable, Sendable {
    public var basePath: String?
    public var restApiId: String?
    public var stage: String?

    public init(basePath: String? = nil, restApiId: String?, stage: String? = nil) {
        self.basePath = basePath
        self.restApiId = restApiId
        self.stage = stage
    }
}
