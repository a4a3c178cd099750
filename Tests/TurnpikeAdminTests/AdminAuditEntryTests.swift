import Logging
import Testing
@testable import TurnpikeAdmin

/// The audit trail's lines: what is named, the outcome, and what is never in them.
@Suite struct AdminAuditEntryTests {
    @Test func aCreateNamesWhatItMade() {
        let answer = AdminResponse(status: 201, body: Array(#"{"id":"k1","name":"alice","value":"secret-key-value-0123456789"}"#.utf8))
        let entry = AdminAuditEntry(operation: "CreateApiKey", rawPath: "/apikeys", principal: "AKIAEXAMPLE", answer: answer)
        let metadata = entry.metadata(requestID: "r1")
        #expect(metadata["createdId"]?.description == "k1")
        #expect(metadata["outcome"]?.description == "succeeded")
        #expect(metadata["principal"]?.description == "AKIAEXAMPLE")
        #expect(!"\(metadata)".contains("secret-key-value"))
    }

    @Test(arguments: [(202, "succeeded"), (404, "refused"), (409, "refused"), (503, "failed")])
    func outcomes(status: Int, outcome: String) {
        let entry = AdminAuditEntry(
            operation: "DeleteRestApi", rawPath: "/restapis/a1", principal: "AKIAEXAMPLE",
            answer: AdminResponse(status: status, body: Array(#"{"id":"not-created"}"#.utf8)))
        #expect(entry.outcome == outcome)
        #expect(entry.createdID == nil)
        #expect(entry.resource == "/restapis/a1")
    }

    @Test func onlyChangesAreAudited() {
        #expect(AdminAuditEntry.audits(method: "POST"))
        #expect(AdminAuditEntry.audits(method: "PATCH"))
        #expect(AdminAuditEntry.audits(method: "DELETE"))
        #expect(!AdminAuditEntry.audits(method: "GET"))
        #expect(!AdminAuditEntry.audits(method: "HEAD"))
    }
}
