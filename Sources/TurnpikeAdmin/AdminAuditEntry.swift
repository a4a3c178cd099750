import Foundation
import Logging

/// One line of the admin audit trail: a change (any method but GET and HEAD) by an authenticated
/// principal: the operation, the resource it named (the path, which carries the ids, plus the id a
/// create made), who asked and how it ended. Request and answer bodies (key values, secrets) are
/// never part of it.
struct AdminAuditEntry: Equatable {
    let operation: String
    let resource: String
    let principal: String
    let status: Int
    /// The id of what a create made (the answer's top-level `id`); nil for other answers.
    let createdID: String?

    init(operation: String, rawPath: String, principal: String, answer: AdminResponse) {
        self.operation = operation
        resource = rawPath
        self.principal = principal
        status = answer.status
        createdID = answer.status == 201 ? Self.topLevelID(answer.body) : nil
    }

    /// Whether a request with this method changes something, and is audited.
    static func audits(method: String) -> Bool { method != "GET" && method != "HEAD" }

    /// `succeeded` (2xx), `refused` (4xx: the caller's mistake, nothing changed) or `failed`.
    var outcome: String { status < 300 ? "succeeded" : status < 500 ? "refused" : "failed" }

    func metadata(requestID: String) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "audit": "true", "operation": "\(operation)", "resource": "\(resource)", "principal": "\(principal)",
            "outcome": "\(outcome)", "status": "\(status)", "requestId": "\(requestID)",
        ]
        if let createdID { metadata["createdId"] = "\(createdID)" }
        return metadata
    }

    private static func topLevelID(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return object["id"] as? String
    }
}
