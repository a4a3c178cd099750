import Foundation
import Testing
import TurnpikeTesting

@Suite struct GatewayResponseRouteTests {
    @Test func gatewayResponseLifecycle() async throws {
        let harness = try await AdminTestHarness()
        let api = try await RoutedApi.build(harness)
        let base = "/restapis/\(api.id)/gatewayresponses"
        let byDefault = await harness.send("GET", "\(base)/QUOTA_EXCEEDED")
        #expect(byDefault.status == 200 && byDefault.json["defaultResponse"] as? Bool == true && byDefault.json["statusCode"] as? String == "429")

        let put = await harness.send("PUT", "\(base)/THROTTLED", json: #"{"statusCode":"429","responseTemplates":{"application/json":"{\"msg\":\"slow\"}"}}"#)
        #expect(put.status == 201 && put.json["defaultResponse"] as? Bool == false)
        let patched = await harness.send("PATCH", "\(base)/THROTTLED", json: #"{"patchOperations":[{"op":"replace","path":"/statusCode","value":"503"}]}"#)
        #expect(patched.status == 200 && patched.json["statusCode"] as? String == "503")

        let list = await harness.send("GET", "\(base)?limit=500")
        let items = try #require(list.json["item"] as? [[String: Any]])
        #expect(items.count == 21 && items.filter { $0["defaultResponse"] as? Bool == false }.count == 1)
        let firstPage = await harness.send("GET", base)
        #expect((firstPage.json["item"] as? [Any])?.isEmpty == false)

        let badType = await harness.send("GET", "\(base)/NOPE")
        #expect(badType.status == 400 && badType.errorType == "ValidationException")
        #expect(await harness.send("DELETE", "\(base)/THROTTLED").status == 202)
        let notPut = await harness.send("DELETE", "\(base)/THROTTLED")
        #expect(notPut.status == 404 && notPut.message == "Gateway response type not defined on api")
    }
}
