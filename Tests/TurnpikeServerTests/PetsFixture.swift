import Foundation
import Logging
import Testing
import TurnpikeGateway
import TurnpikeLimits
import TurnpikeTesting

/// A deployed API on a live gateway, made through the admin API over HTTP:
/// `GET /mock` (MOCK, 200 `{"pets":"mocked"}`, key required), `ANY /open/{proxy+}` (HTTP_PROXY to
/// the echo backend, no key), `GET /pets/{id}` (HTTP_PROXY to `/pets/{id}`, key required), stage `prod`,
/// a usage plan covering `prod`, and an enabled key in it.
struct PetsFixture {
    let gateway: LiveGateway
    let backend: EchoBackend
    let apiId: String
    let keyId: String
    let keyValue: String
    let planId: String

    static func start(timeoutMillis: Int = 29000, backendPort: Int? = nil, accessLog: Bool = false, clock: WallClock = .system,
                      limits: ConnectionLimits = ConnectionLimits(), separateAdmin: Bool = false,
                      logHandler: (@Sendable (String) -> any LogHandler)? = nil) async throws -> PetsFixture {
        let backend = try await EchoBackend.start()
        let gateway = try await LiveGateway.start(
            separateAdmin: separateAdmin, accessLog: accessLog, clock: clock, limits: limits, logHandler: logHandler)
        let port = backendPort ?? backend.port
        func admin(_ method: String, _ target: String, _ json: String = "") async throws -> [String: Any] {
            let response = try await gateway.admin(method, target, json: json)
            #expect(response.status < 300, "\(method) \(target) -> \(response.status) \(response.text)")
            return response.json
        }
        let api = try await admin("POST", "/restapis", #"{"name":"pets"}"#)
        let apiId = try #require(api["id"] as? String)
        let root = try #require(api["rootResourceId"] as? String)
        func resource(_ parent: String, _ part: String) async throws -> String {
            try #require(try await admin("POST", "/restapis/\(apiId)/resources/\(parent)", #"{"pathPart":"\#(part)"}"#)["id"] as? String)
        }
        let mock = try await resource(root, "mock")
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(mock)/methods/GET", #"{"authorizationType":"NONE","apiKeyRequired":true}"#)
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(mock)/methods/GET/integration",
                            #"{"type":"MOCK","requestTemplates":{"application/json":"{\"statusCode\": 200}"}}"#)
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(mock)/methods/GET/integration/responses/200",
                            #"{"responseTemplates":{"application/json":"{\"pets\":\"mocked\"}"}}"#)

        let open = try await resource(root, "open")
        let proxy = try await resource(open, "{proxy+}")
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(proxy)/methods/ANY",
                            #"{"authorizationType":"NONE","requestParameters":{"method.request.path.proxy":true}}"#)
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(proxy)/methods/ANY/integration", """
            {"type":"HTTP_PROXY","httpMethod":"ANY","uri":"http://127.0.0.1:\(port)/{proxy}","timeoutInMillis":\(timeoutMillis),
             "requestParameters":{"integration.request.path.proxy":"method.request.path.proxy"}}
            """)

        let pets = try await resource(root, "pets")
        let pet = try await resource(pets, "{id}")
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(pet)/methods/GET",
                            #"{"authorizationType":"NONE","apiKeyRequired":true,"requestParameters":{"method.request.path.id":true}}"#)
        _ = try await admin("PUT", "/restapis/\(apiId)/resources/\(pet)/methods/GET/integration", """
            {"type":"HTTP_PROXY","httpMethod":"GET","uri":"http://127.0.0.1:\(port)/pets/{id}",
             "requestParameters":{"integration.request.path.id":"method.request.path.id"}}
            """)
        _ = try await admin("POST", "/restapis/\(apiId)/deployments", #"{"stageName":"prod"}"#)

        let key = try await admin("POST", "/apikeys", #"{"name":"fixture","enabled":true}"#)
        let keyId = try #require(key["id"] as? String)
        let keyValue = try #require(key["value"] as? String)
        let plan = try await admin("POST", "/usageplans", #"{"name":"fixture","apiStages":[{"apiId":"\#(apiId)","stage":"prod"}]}"#)
        let planId = try #require(plan["id"] as? String)
        _ = try await admin("POST", "/usageplans/\(planId)/keys", #"{"keyId":"\#(keyId)","keyType":"API_KEY"}"#)
        return PetsFixture(gateway: gateway, backend: backend, apiId: apiId, keyId: keyId, keyValue: keyValue, planId: planId)
    }

    /// Runs `body` against a fresh fixture and always stops it afterwards (data removed).
    static func with(timeoutMillis: Int = 29000, backendPort: Int? = nil, accessLog: Bool = false, clock: WallClock = .system,
                     limits: ConnectionLimits = ConnectionLimits(), separateAdmin: Bool = false,
                     logHandler: (@Sendable (String) -> any LogHandler)? = nil,
                     _ body: (PetsFixture) async throws -> Void) async throws {
        let fixture = try await start(timeoutMillis: timeoutMillis, backendPort: backendPort, accessLog: accessLog,
                                      clock: clock, limits: limits, separateAdmin: separateAdmin, logHandler: logHandler)
        do {
            try await body(fixture)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    /// The local-emulator form of an invoke path.
    func path(_ rest: String, stage: String = "prod") -> String {
        "/restapis/\(apiId)/\(stage)/_user_request_\(rest)"
    }

    /// Gives the fixture's plan a throttle and a quota.
    func setLimits(rateLimit: String, burstLimit: Int, quota: Int, period: String = "DAY") async throws {
        let response = try await gateway.admin("PATCH", "/usageplans/\(planId)", json: """
            {"patchOperations":[{"op":"replace","path":"/quota/limit","value":"\(quota)"},
                                {"op":"replace","path":"/quota/period","value":"\(period)"},
                                {"op":"replace","path":"/throttle/rateLimit","value":"\(rateLimit)"},
                                {"op":"replace","path":"/throttle/burstLimit","value":"\(burstLimit)"}]}
            """)
        #expect(response.status == 200, "\(response.text)")
    }

    func stop() async {
        await gateway.stop()
        await backend.stop()
        gateway.removeData()
    }
}
