import TurnpikeModel
import TurnpikeStore

/// `GetTags`, `TagResource`, `UntagResource` for API keys, usage plans, REST APIs and stages,
/// named by ARN (sent percent-encoded as one path segment).
enum TagRoutes {
    /// The body of `TagResource` and the answer of `GetTags`.
    struct Tags: Codable, Sendable {
        var tags: [String: String]?
    }

    static let all: [AdminRoute] = [
        AdminRoute("GET", "/tags/{resource_arn}", "GetTags") { request, context in
            let arn = request.parameter("resource_arn")
            return try .json(Tags(tags: try await context.controlPlane.read { try $0.tags(arn: arn) }))
        },
        AdminRoute("PUT", "/tags/{resource_arn}", "TagResource") { request, context in
            let input = try request.decode(Tags.self, input: "tagResourceInput")
            guard let tags = input.tags else { throw GatewayError.mustNotBeNull(at: "tagResourceInput.tags") }
            let arn = request.parameter("resource_arn")
            try await context.controlPlane.write { try $0.tag(arn: arn, tags: tags) }
            return .empty(status: 204)
        },
        AdminRoute("DELETE", "/tags/{resource_arn}", "UntagResource") { request, context in
            let keys = request.queryValues("tagKeys")
            guard !keys.isEmpty else { throw GatewayError.mustNotBeNull(at: "untagResourceInput.tagKeys") }
            let arn = request.parameter("resource_arn")
            try await context.controlPlane.write { try $0.untag(arn: arn, keys: keys) }
            return .empty(status: 204)
        },
    ]
}
