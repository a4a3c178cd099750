extension Configuration {
    static let unknownVpcLink = GatewayError.notFound("Invalid Vpc Link identifier specified")
    /// How long a generated client certificate is valid, in seconds: 365 days, as AWS's are.
    public static let clientCertificateLifetime = 365 * 86_400
    static let unknownClientCertificate = GatewayError.notFound("Invalid Client Certificate identifier specified")
    /// The most VPC links, and the most client certificates, kept.
    static let maximumAccountEntities = 1_000

    /// `GetVpcLink`.
    public func vpcLink(_ id: String) throws -> VpcLink {
        guard let link = vpcLinks[id] else { throw Self.unknownVpcLink }
        return link
    }

    /// `GetVpcLinks`, by name.
    public func allVpcLinks() -> [VpcLink] {
        vpcLinks.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    /// `CreateVpcLink`: a name and exactly one target, a load balancer ARN
    /// (`arn:{partition}:elasticloadbalancing:...`).
    public mutating func createVpcLink(_ input: CreateVpcLinkInput, id: String) throws -> VpcLink {
        guard let name = input.name else { throw GatewayError.mustNotBeNull(at: "createVpcLinkInput.name") }
        guard let targets = input.targetArns else { throw GatewayError.mustNotBeNull(at: "createVpcLinkInput.targetArns") }
        guard !name.isEmpty else { throw GatewayError.badRequest("Name is required for VpcLink") }
        guard targets.count == 1 else { throw GatewayError.badRequest("Exactly one targetArn is required for VpcLink") }
        let parts = targets[0].split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard targets[0].utf8.count <= 2048, parts.count == 6, parts[0] == "arn", parts[2] == "elasticloadbalancing",
              parts[5].hasPrefix("loadbalancer/") else {
            throw GatewayError.badRequest("Invalid target ARN specified: \(targets[0].jsonLiteral); a VpcLink targets a load balancer")
        }
        guard vpcLinks.count < Self.maximumAccountEntities else { throw GatewayError.badRequest("Turnpike keeps at most 1000 VPC links") }
        if let tags = input.tags { try Self.validateTags(tags) }
        let link = VpcLink(id: id, name: name, description: input.description.nonEmptyText, targetArns: targets, status: "AVAILABLE",
                           statusMessage: "Your vpc link is ready for use", tags: input.tags ?? [:])
        save(link)
        return link
    }

    /// `UpdateVpcLink`: `replace` on `/name` and `/description`.
    public mutating func updateVpcLink(_ id: String, operations: [PatchOperation]) throws -> VpcLink {
        try PatchOperation.validate(operations, input: "updateVpcLinkInput")
        var link = try vpcLink(id)
        for operation in try Self.replacements(operations, paths: ["/name", "/description"]) {
            if operation.path == "/name" {
                guard let name = operation.value.nonEmptyText else { throw GatewayError.badRequest("Name is required for VpcLink") }
                link.name = name
            } else {
                link.description = operation.value.nonEmptyText
            }
        }
        save(link)
        return link
    }

    /// `DeleteVpcLink`.
    public mutating func removeVpcLink(_ id: String) throws {
        _ = try vpcLink(id)
        delete(.vpcLink, id)
    }

    /// `GetClientCertificate`.
    public func clientCertificate(_ id: String) throws -> ClientCertificate {
        guard let certificate = clientCertificates[id] else { throw Self.unknownClientCertificate }
        return certificate
    }

    /// `GetClientCertificates`, oldest first.
    public func allClientCertificates() -> [ClientCertificate] {
        clientCertificates.values.sorted { ($0.createdDate, $0.clientCertificateId) < ($1.createdDate, $1.clientCertificateId) }
    }

    /// `GenerateClientCertificate`: valid for 365 days, as AWS's are.
    /// - Parameter pemEncodedCertificate: the certificate made for it, valid from `now` for 365 days.
    public mutating func generateClientCertificate(
        _ input: GenerateClientCertificateInput, id: String, now: Int, pemEncodedCertificate: String? = nil
    ) throws -> ClientCertificate {
        guard clientCertificates.count < Self.maximumAccountEntities else {
            throw GatewayError.badRequest("Turnpike keeps at most 1000 client certificates")
        }
        if let tags = input.tags { try Self.validateTags(tags) }
        let certificate = ClientCertificate(clientCertificateId: id, description: input.description.nonEmptyText,
                                            pemEncodedCertificate: pemEncodedCertificate, createdDate: now,
                                            expirationDate: now + Self.clientCertificateLifetime, tags: input.tags ?? [:])
        save(certificate)
        return certificate
    }

    /// `UpdateClientCertificate`: `replace` on `/description`.
    public mutating func updateClientCertificate(_ id: String, operations: [PatchOperation]) throws -> ClientCertificate {
        try PatchOperation.validate(operations, input: "updateClientCertificateInput")
        var certificate = try clientCertificate(id)
        for operation in try Self.replacements(operations, paths: ["/description"]) {
            certificate.description = operation.value.nonEmptyText
        }
        save(certificate)
        return certificate
    }

    /// `DeleteClientCertificate`: refused while a stage names it.
    public mutating func removeClientCertificate(_ id: String) throws {
        _ = try clientCertificate(id)
        for document in restApis.values {
            if let stage = document.stages.values.first(where: { $0.clientCertificateId == id }) {
                throw GatewayError.badRequest("Cannot delete client certificate \(id): stage \(stage.stageName) of API \(document.api.id) uses it")
            }
        }
        delete(.clientCertificate, id)
    }

    /// The operations, each a `replace` on one of `paths`.
    static func replacements(_ operations: [PatchOperation], paths: [String]) throws -> [PatchOperation] {
        for operation in operations {
            guard paths.contains(operation.path) else { throw operation.invalidPath(mustBeOneOf: paths) }
            guard operation.op == "replace" else {
                throw GatewayError.badRequest("Invalid patch operation specified. Must be one of: [replace]")
            }
        }
        return operations
    }
}
