import Foundation
import Logging
import Synchronization
import Testing
import TurnpikeAdmin
import TurnpikeLimits
import TurnpikeStore
import TurnpikeTesting

/// The unsigned console routes: the static file table and `GET /_turnpike/self`.
@Suite struct ConsoleRoutesTests {
    /// A responder on the harness's store whose key holder gate is `gate`, accepting any signature.
    func responder(_ harness: AdminTestHarness, gate: KeyHolderGate?) -> AdminResponder {
        let context = AdminContext(controlPlane: harness.controlPlane, usage: harness.store, clock: { harness.now })
        return AdminResponder(context: context, authenticator: SigV4AdminAuthenticator.acceptingAnyCredentials(),
                              logger: Logger(label: "console-test"), keyHolders: gate)
    }

    func header(_ response: AdminResponse, _ name: String) -> String? {
        response.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    @Test func servesKnownFilesUnsignedWithStrictHeaders() async throws {
        let harness = try await AdminTestHarness()
        let admin = responder(harness, gate: nil)
        let index = await admin.handle(method: "GET", target: "/_turnpike/console/", headers: [], body: [])
        #expect(index.status == 200)
        #expect(header(index, "Content-Type") == "text/html; charset=utf-8")
        #expect(header(index, "Content-Security-Policy")?.hasPrefix("default-src 'self'") == true)
        #expect(header(index, "Cache-Control") == "no-cache")
        #expect(String(decoding: index.body, as: UTF8.self).contains(#"name="accessKeyId""#))
        let portal = await admin.handle(method: "GET", target: "/_turnpike/portal/", headers: [], body: [])
        #expect(String(decoding: portal.body, as: UTF8.self).contains(#"name="apiKey""#))
        let script = await admin.handle(method: "GET", target: "/_turnpike/portal/chart.js?v=1", headers: [], body: [])
        #expect(script.status == 200 && header(script, "Content-Type") == "text/javascript; charset=utf-8")
        let head = await admin.handle(method: "HEAD", target: "/_turnpike/console/turnpike.css", headers: [], body: [])
        #expect(head.status == 200 && head.body.isEmpty)

        let bare = await admin.handle(method: "GET", target: "/_turnpike/console", headers: [], body: [])
        #expect(bare.status == 301 && header(bare, "Location") == "/_turnpike/console/")
        #expect(await admin.handle(method: "POST", target: "/_turnpike/console/", headers: [], body: []).status == 405)
        for target in ["/_turnpike/console/nope.js", "/_turnpike/console/%2e%2e%2fPackage.swift", "/_turnpike/console/..%2f..%2fetc"] {
            #expect(await admin.handle(method: "GET", target: target, headers: [], body: []).status == 404, "\(target)")
        }
        // Deeper paths are not console paths: the signed admin API answers them (here: no route).
        let deeper = await admin.handle(method: "GET", target: "/_turnpike/console/../../etc/passwd", headers: [], body: [])
        #expect(deeper.status != 200)
    }

    @Test func everyReferencedFileIsServedAndNothingIsExternal() throws {
        let assets = ConsoleAsset.all
        for asset in assets.values where asset.name.hasSuffix(".html") || asset.name.hasSuffix(".js") {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            let pattern = try Regex(##"(?:src|href)="([^"#:]+)"|from "\./([^"]+)""##)
            for match in text.matches(of: pattern) {
                let name = (match.output[1].substring ?? match.output[2].substring).map(String.init) ?? ""
                #expect(assets[name] != nil, "\(asset.name) refers to \(name), which is not served")
            }
            // No CDN, no web fonts: the only absolute URL is the SVG namespace.
            let external = text.matches(of: try Regex(#"https?://[^\s"'`)]+"#)).map { String(text[$0.range]) }
                .filter { !$0.hasPrefix("http://www.w3.org/2000/svg") }
            #expect(external.isEmpty, "\(asset.name) refers to \(external)")
        }
    }

    @Test func selfAnswersRefusalsFromTheGate() async throws {
        let harness = try await AdminTestHarness()
        let unset = await responder(harness, gate: nil).handle(method: "GET", target: "/_turnpike/self", headers: [], body: [])
        #expect(unset.status == 404)
        let forbidden = await responder(harness, gate: { _ in .forbidden })
            .handle(method: "GET", target: "/_turnpike/self", headers: [("x-api-key", "nope")], body: [])
        #expect(forbidden.status == 403 && header(forbidden, "x-amzn-ErrorType") == "ForbiddenException")
        let throttled = await responder(harness, gate: { _ in .throttled(retryAfterSeconds: 2) })
            .handle(method: "GET", target: "/_turnpike/self", headers: [("x-api-key", "k")], body: [])
        #expect(throttled.status == 429 && header(throttled, "Retry-After") == "2")
    }

    @Test func selfReportsPlansAndUsageLikeGetUsage() async throws {
        let harness = try await AdminTestHarness(start: Date(timeIntervalSince1970: 1_795_608_000)) // 2026-11-25 12:00 UTC
        let key = try #require(await harness.send("POST", "/apikeys", json: #"{"name":"alice","enabled":true,"value":"alice-key-0123456789abcdef"}"#)
            .json["id"] as? String)
        let plan = try #require(await harness.send("POST", "/usageplans", json: """
            {"name":"gold","throttle":{"rateLimit":5,"burstLimit":10},"quota":{"limit":100,"period":"WEEK"}}
            """).json["id"] as? String)
        #expect(await harness.send("POST", "/usageplans/\(plan)/keys", json: #"{"keyId":"\#(key)","keyType":"API_KEY"}"#).status == 201)
        let today = UTCDay(iso: "2026-11-25")!
        try await harness.store.addUsage(planId: plan, keyId: key, day: today + -1, count: 10)
        try await harness.store.addUsage(planId: plan, keyId: key, day: today, count: 5)
        let seen = Mutex<[String]>([])
        let admin = responder(harness, gate: { value in
            seen.withLock { $0.append(value) }
            return .admitted(keyId: key, planIds: [plan])
        })
        let answer = await admin.handle(method: "GET", target: "/_turnpike/self",
                                        headers: [("X-Api-Key", "alice-key-0123456789abcdef")], body: [])
        #expect(answer.status == 200)
        #expect(header(answer, "Cache-Control") == "no-store")
        #expect(seen.withLock { $0 } == ["alice-key-0123456789abcdef"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        #expect(json["id"] as? String == key && json["name"] as? String == "alice" && json["today"] as? String == "2026-11-25")
        #expect(!String(decoding: answer.body, as: UTF8.self).contains("alice-key-0123456789abcdef"))
        let plans = try #require(json["plans"] as? [[String: Any]])
        #expect(plans.count == 1 && plans[0]["id"] as? String == plan && plans[0]["name"] as? String == "gold")
        #expect((plans[0]["throttle"] as? [String: Any])?["burstLimit"] as? Int == 10)
        let usage = try #require(plans[0]["usage"] as? [String: Any])
        // The ISO week of 2026-11-25 (a Wednesday) runs Monday 23rd to Sunday 29th.
        #expect(usage["used"] as? Int == 15 && usage["remaining"] as? Int == 85 && usage["today"] as? Int == 5)
        #expect(usage["windowStart"] as? String == "2026-11-23" && usage["windowEnd"] as? String == "2026-11-29")
        #expect(usage["resetsAt"] as? String == "2026-11-30T00:00:00Z")
        let daily = try #require(usage["daily"] as? [[String: Any]])
        #expect(daily.count == KeyHolderReport.historyDays)
        #expect(daily.last?["date"] as? String == "2026-11-25" && daily.last?["used"] as? Int == 5)
        #expect(daily.dropLast().last?["used"] as? Int == 10 && daily.dropLast().last?["remaining"] as? Int == 90)

        // Asking did not count: the usage is unchanged.
        let values = await harness.send("GET", "/usageplans/\(plan)/usage?startDate=2026-11-25&endDate=2026-11-25&keyId=\(key)")
        #expect((values.json["values"] as? [String: [[Int]]])?[key] == [[5, 85]])

        // A key disabled since the gate's snapshot was built is refused.
        #expect(await harness.send("PATCH", "/apikeys/\(key)", json: #"{"patchOperations":[{"op":"replace","path":"/enabled","value":"false"}]}"#).status == 200)
        #expect(await admin.handle(method: "GET", target: "/_turnpike/self", headers: [("x-api-key", "k")], body: []).status == 403)
    }
}
