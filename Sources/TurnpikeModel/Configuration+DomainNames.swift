extension Configuration {
    static let unknownDomainName = GatewayError.notFound("Invalid domain name identifier specified")
    static let securityPolicies = ["TLS_1_0", "TLS_1_2", "SecurityPolicy_TLS13_1_3_2025_09", "SecurityPolicy_TLS13_1_2_2021_06",
                                   "SecurityPolicy_TLS13_1_2_PQ_2025_09", "SecurityPolicy_TLS13_2025_EDGE",
                                   "SecurityPolicy_TLS12_PFS_2025_EDGE", "SecurityPolicy_TLS12_2018_EDGE"]
    /// The most domain names kept.
    static let maximumDomainNames = 1_000

    /// `GetDomainName`.
    public func domainName(_ name: String) throws -> DomainName {
        guard let document = domainNames[name.lowercased()] else { throw Self.unknownDomainName }
        return document.domain
    }

    /// `GetDomainNames`, by name.
    public func allDomainNames() -> [DomainName] {
        domainNames.values.map(\.domain).sorted { $0.domainName < $1.domainName }
    }

    /// `CreateDomainName`: a host name (a leading `*.` allowed), one endpoint type (`EDGE` by
    /// default) with its certificate named by ARN or name (`certificate*` for EDGE,
    /// `regionalCertificate*` for REGIONAL and PRIVATE); uploaded certificate bodies and keys are
    /// refused. The name is its own alias target: point DNS at the TLS terminator in front of Turnpike.
    /// Only a PRIVATE name gets a `domainNameId`, as AWS gives.
    public mutating func createDomainName(_ input: CreateDomainNameInput, id: String, now: Int) throws -> DomainName {
        guard let name = input.domainName else { throw GatewayError.mustNotBeNull(at: "createDomainNameInput.domainName") }
        let key = name.lowercased()
        guard Self.isHostName(key) else { throw GatewayError.badRequest("Invalid domain name specified: \(name.jsonLiteral)") }
        guard domainNames[key] == nil else { throw GatewayError.conflict("The domain name you provided already exists.") }
        guard domainNames.count < Self.maximumDomainNames else {
            throw GatewayError.badRequest("Turnpike keeps at most \(Self.maximumDomainNames) domain names")
        }
        if input.certificateBody != nil || input.certificatePrivateKey != nil || input.certificateChain != nil {
            throw GatewayError.badRequest(
                "Turnpike records certificates by certificateArn or certificateName only; put the certificate and its key on the TLS terminator")
        }
        var failures: [String] = []
        let types = input.endpointConfiguration?.types ?? ["EDGE"]
        if let wrong = types.first(where: { !Self.endpointTypes.contains($0) }) {
            failures.append(GatewayError.enumFailure(value: wrong, at: "createDomainNameInput.endpointConfiguration.types", allowed: Self.endpointTypes))
        }
        if let policy = input.securityPolicy, !Self.securityPolicies.contains(policy) {
            failures.append(GatewayError.enumFailure(value: policy, at: "createDomainNameInput.securityPolicy", allowed: Self.securityPolicies))
        }
        if let mode = input.endpointAccessMode, !["BASIC", "STRICT"].contains(mode) {
            failures.append(GatewayError.enumFailure(value: mode, at: "createDomainNameInput.endpointAccessMode", allowed: ["BASIC", "STRICT"]))
        }
        let modes = ["BASE_PATH_MAPPING_ONLY", "ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_BASE_PATH_MAPPING"]
        if let mode = input.routingMode, !modes.contains(mode) {
            failures.append(GatewayError.enumFailure(value: mode, at: "createDomainNameInput.routingMode", allowed: modes))
        }
        if let error = GatewayError.validationFailures(failures) { throw error }
        guard types.count == 1 else { throw GatewayError.badRequest("Cannot create a domain name with multiple Endpoint Types.") }
        if input.routingMode.map({ $0 != "BASE_PATH_MAPPING_ONLY" }) == true {
            throw GatewayError.badRequest("Turnpike routes custom domain names by base path mappings only (routingMode BASE_PATH_MAPPING_ONLY)")
        }
        if let tags = input.tags { try Self.validateTags(tags) }

        var domain = DomainName(domainName: key)
        if types == ["PRIVATE"] { domain.domainNameId = id }
        domain.endpointConfiguration = EndpointConfiguration(types: types, ipAddressType: input.endpointConfiguration?.ipAddressType ?? "ipv4")
        domain.securityPolicy = input.securityPolicy ?? "TLS_1_2"
        domain.endpointAccessMode = input.endpointAccessMode
        domain.routingMode = "BASE_PATH_MAPPING_ONLY"
        domain.domainNameStatus = "AVAILABLE"
        domain.mutualTlsAuthentication = input.mutualTlsAuthentication
        domain.ownershipVerificationCertificateArn = try input.ownershipVerificationCertificateArn.map(Self.checkCertificateArn)
        domain.tags = input.tags
        if types == ["EDGE"] {
            guard input.regionalCertificateArn == nil, input.regionalCertificateName == nil else {
                throw GatewayError.badRequest("Regional certificates can only be used with a REGIONAL or PRIVATE domain name.")
            }
            guard input.certificateArn != nil || input.certificateName != nil else {
                throw GatewayError.badRequest("A certificate (certificateArn or certificateName) is required for an EDGE domain name.")
            }
            domain.certificateArn = try input.certificateArn.map(Self.checkCertificateArn)
            domain.certificateName = input.certificateName
            domain.certificateUploadDate = now
            domain.distributionDomainName = key
        } else {
            guard input.certificateArn == nil, input.certificateName == nil else {
                throw GatewayError.badRequest("Edge certificates can only be used with an EDGE domain name.")
            }
            guard input.regionalCertificateArn != nil || input.regionalCertificateName != nil else {
                throw GatewayError.badRequest(
                    "A regional certificate (regionalCertificateArn or regionalCertificateName) is required for a \(types[0]) domain name.")
            }
            domain.regionalCertificateArn = try input.regionalCertificateArn.map(Self.checkCertificateArn)
            domain.regionalCertificateName = input.regionalCertificateName
            domain.regionalDomainName = key
        }
        save(DomainNameDocument(domain: domain))
        return domain
    }

    /// `UpdateDomainName`: `replace` on the certificate names and ARNs, `/securityPolicy`,
    /// `/endpointConfiguration/types/0` (to a type whose certificate the name has) and the mutual TLS fields.
    public mutating func updateDomainName(_ name: String, operations: [PatchOperation]) throws -> DomainName {
        try PatchOperation.validate(operations, input: "updateDomainNameInput")
        guard var document = domainNames[name.lowercased()] else { throw Self.unknownDomainName }
        let paths = ["/certificateName", "/certificateArn", "/regionalCertificateName", "/regionalCertificateArn", "/securityPolicy",
                     "/endpointConfiguration/types/0", "/mutualTlsAuthentication/truststoreUri",
                     "/mutualTlsAuthentication/truststoreVersion", "/ownershipVerificationCertificateArn"]
        var domain = document.domain
        for operation in operations {
            guard paths.contains(operation.path) else { throw operation.invalidPath(mustBeOneOf: paths) }
            guard operation.op == "replace" else {
                throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
            }
            let value = operation.value.nonEmptyText
            switch operation.path {
            case "/certificateName": domain.certificateName = value
            case "/certificateArn": domain.certificateArn = try value.map(Self.checkCertificateArn)
            case "/regionalCertificateName": domain.regionalCertificateName = value
            case "/regionalCertificateArn": domain.regionalCertificateArn = try value.map(Self.checkCertificateArn)
            case "/ownershipVerificationCertificateArn": domain.ownershipVerificationCertificateArn = try value.map(Self.checkCertificateArn)
            case "/securityPolicy":
                let policy = try operation.requiredValue()
                guard Self.securityPolicies.contains(policy) else {
                    throw GatewayError.enumeration(value: policy, at: "updateDomainNameInput.securityPolicy", allowed: Self.securityPolicies)
                }
                domain.securityPolicy = policy
            case "/endpointConfiguration/types/0":
                let type = try operation.requiredValue()
                guard Self.endpointTypes.contains(type) else {
                    throw GatewayError.badRequest("Invalid endpoint type specified: \(type)")
                }
                domain.endpointConfiguration?.types = [type]
            default:
                var tls = domain.mutualTlsAuthentication ?? MutualTlsAuthentication()
                if operation.path.hasSuffix("truststoreUri") { tls.truststoreUri = value } else { tls.truststoreVersion = value }
                domain.mutualTlsAuthentication = tls.truststoreUri == nil && tls.truststoreVersion == nil ? nil : tls
            }
        }
        let isEdge = domain.endpointConfiguration?.types == ["EDGE"]
        if isEdge ? domain.certificateArn == nil && domain.certificateName == nil
            : domain.regionalCertificateArn == nil && domain.regionalCertificateName == nil {
            throw GatewayError.badRequest("The domain name's endpoint type needs its certificate (certificate* for EDGE, regionalCertificate* otherwise).")
        }
        domain.distributionDomainName = isEdge ? domain.domainName : nil
        domain.regionalDomainName = isEdge ? nil : domain.domainName
        document.domain = domain
        save(document)
        return domain
    }

    /// `DeleteDomainName`: with its base path mappings.
    public mutating func removeDomainName(_ name: String) throws {
        guard domainNames[name.lowercased()] != nil else { throw Self.unknownDomainName }
        deleteDomainName(name.lowercased())
    }

    /// A certificate ARN: `arn:{partition}:acm:{region}:{account}:certificate/{id}`.
    static func checkCertificateArn(_ arn: String) throws -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard arn.utf8.count <= 2048, parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "acm",
              !parts[3].isEmpty, parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit),
              parts[5].hasPrefix("certificate/"), parts[5].count > "certificate/".count else {
            throw GatewayError.badRequest("Invalid certificate ARN specified: \(arn.jsonLiteral)")
        }
        return arn
    }

    /// A DNS host name: dot-separated labels of letters, digits and inner hyphens (at most 63
    /// bytes each, 253 in all, two labels at least), the first label possibly `*`.
    static func isHostName(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard name.utf8.count <= 253, labels.count >= 2 else { return false }
        for (index, label) in labels.enumerated() {
            if index == 0, label == "*" { continue }
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                  label.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }) else {
                return false
            }
        }
        return true
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
