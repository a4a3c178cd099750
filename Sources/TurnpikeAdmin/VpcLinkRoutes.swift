import TurnpikeModel
import TurnpikeStore

/// `CreateVpcLink`, `GetVpcLink`, `GetVpcLinks`, `UpdateVpcLink`, `DeleteVpcLink`, and the client
/// certificates (`GenerateClientCertificate`, `GetClientCertificate`, `GetClientCertificates`,
/// `UpdateClientCertificate`, `DeleteClientCertificate`): account-level records, stored with no
/// effect on the invoke path.
enum VpcLinkRoutes {
    static let link = "/vpclinks/{vpclink_id}"
    static let certificate = "/clientcertificates/{clientcertificate_id}"

    static let all: [AdminRoute] = [
        AdminRoute("POST", "/vpclinks", "CreateVpcLink") { request, context in
            let input = try request.decode(CreateVpcLinkInput.self, input: "createVpcLinkInput")
            let created = try await context.controlPlane.write { try $0.createVpcLink(input, id: EntityID.make(length: 6)) }
            return try .json(created, status: 202)
        },
        AdminRoute("GET", link, "GetVpcLink") { request, context in
            let id = request.parameter("vpclink_id")
            return try .json(try await context.controlPlane.read { try $0.vpcLink(id) })
        },
        AdminRoute("GET", "/vpclinks", "GetVpcLinks") { request, context in
            let items = try await context.controlPlane.read { $0.allVpcLinks() }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", link, "UpdateVpcLink") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateVpcLinkInput")
            let id = request.parameter("vpclink_id")
            return try .json(try await context.controlPlane.write { try $0.updateVpcLink(id, operations: input.patchOperations ?? []) })
        },
        AdminRoute("DELETE", link, "DeleteVpcLink") { request, context in
            let id = request.parameter("vpclink_id")
            try await context.controlPlane.write { try $0.removeVpcLink(id) }
            return .empty(status: 202)
        },
        AdminRoute("POST", "/clientcertificates", "GenerateClientCertificate") { request, context in
            let input = try request.decode(GenerateClientCertificateInput.self, input: "generateClientCertificateInput")
            let (id, now) = (EntityID.make(length: 6), context.now)
            let pem = try SelfSignedCertificate.pem(
                commonName: "Turnpike client certificate \(id)", validFrom: now, seconds: Configuration.clientCertificateLifetime)
            let created = try await context.controlPlane.write {
                try $0.generateClientCertificate(input, id: id, now: now, pemEncodedCertificate: pem)
            }
            return try .json(created, status: 201)
        },
        AdminRoute("GET", certificate, "GetClientCertificate") { request, context in
            let id = request.parameter("clientcertificate_id")
            return try .json(try await context.controlPlane.read { try $0.clientCertificate(id) })
        },
        AdminRoute("GET", "/clientcertificates", "GetClientCertificates") { request, context in
            let items = try await context.controlPlane.read { $0.allClientCertificates() }
            return try .json(try ItemPage(items, position: request.queryValue("position"), limit: try request.queryInt("limit")))
        },
        AdminRoute("PATCH", certificate, "UpdateClientCertificate") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateClientCertificateInput")
            let id = request.parameter("clientcertificate_id")
            return try .json(try await context.controlPlane.write { try $0.updateClientCertificate(id, operations: input.patchOperations ?? []) })
        },
        AdminRoute("DELETE", certificate, "DeleteClientCertificate") { request, context in
            let id = request.parameter("clientcertificate_id")
            try await context.controlPlane.write { try $0.removeClientCertificate(id) }
            return .empty(status: 202)
        },
    ]
}
