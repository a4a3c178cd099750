import Benchmark
import BenchmarkConfigurations
import TurnpikeGateway
import TurnpikeModel

// The hot path's pure steps: routing, the key check, gateway responses, target parsing and the
// upstream target.
//
// Two kinds of benchmark:
// - timing ones run an inner loop of 1,000 calls (`scalingFactor: .kilo`), so the reported time is
//   per call; their malloc column is divided by 1,000 too, so it cannot prove "zero";
// - `... mallocs per call` ones make exactly one call per iteration (`scalingFactor: .one`), so their
//   `mallocCountTotal` is exact per call. They carry the zero-malloc thresholds, in code and in
//   `Thresholds/GatewayBenchmarks.*.p90.json` (`swift package benchmark thresholds check`).
//
// Targets: `InvokeRouter.route` (3 segments, ~50 resources) and `KeyTable.check` (10,000 keys)
// under 200 ns median and zero mallocs per call.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .turnpikeTiming
    let exactMallocs = Benchmark.Configuration.exactMallocs

    let api = Fixture.api()
    let router = InvokeRouter(resources: api.resources)
    let keys = Fixture.keys(count: 10_000)
    let keyValue = keys.values[4_321]
    let unknownKey = "unknown-key-value-0123456789abcdefghij"
    let threeSegments = "/pets/42/toys"
    let backtracking = "/stores/mine/orders/9/lines/3/extra"

    // MARK: Timing

    Benchmark("InvokeRouter.route 3 segments, 50 resources") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(router.route(method: "GET", path: threeSegments))
        }
    }

    Benchmark("InvokeRouter.route greedy with backtracking") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(router.route(method: "POST", path: backtracking))
        }
    }

    Benchmark("KeyTable.check 10000 keys") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(keys.table.check(apiKey: keyValue, apiId: "api0000001", stage: "prod"))
        }
    }

    Benchmark("KeyTable.admission 10000 keys (the hot path's form)") { benchmark in
        let stage = keys.table.stageOrdinal(apiId: "api0000001", stage: "prod")
        var value = keyValue
        value.withUTF8 { bytes in
            for _ in benchmark.scaledIterations {
                blackHole(keys.table.admission(apiKeyBytes: UnsafeRawBufferPointer(bytes), stage: stage))
            }
        }
    }

    Benchmark("KeyTable.check unknown key") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(keys.table.check(apiKey: unknownKey, apiId: "api0000001", stage: "prod"))
        }
    }

    Benchmark("GatewayResponseRenderer.render") { benchmark in
        let renderer = GatewayResponseRenderer.defaults
        for _ in benchmark.scaledIterations {
            blackHole(renderer.render(.throttled))
        }
    }

    Benchmark("InvokeTarget.parse emulator form") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(InvokeTarget.parse(host: "localhost:8080", uri: "/restapis/api0000001/prod/_user_request_/pets/42/toys?limit=5"))
        }
    }

    Benchmark("HTTPProxyPlan.upstreamTarget {proxy}") { benchmark in
        guard let match = router.route(method: "POST", path: backtracking), case .httpProxy(let plan) = match.method.integration else {
            fatalError("fixture: the greedy route should proxy")
        }
        for _ in benchmark.scaledIterations {
            blackHole(plan.upstreamTarget(requestPath: backtracking, match: match, rawQuery: "a=1"))
        }
    }

    Benchmark("GatewaySnapshot.init 10000 keys, 50 resources", configuration: .init(scalingFactor: .one, maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(GatewaySnapshot(configuration: keys.configuration))
        }
    }

    // MARK: Exact mallocs per call

    Benchmark("InvokeRouter.route mallocs per call", configuration: exactMallocs) { _ in
        blackHole(router.route(method: "GET", path: threeSegments))
        blackHole(router.route(method: "POST", path: backtracking))
    }

    Benchmark("KeyTable.check mallocs per call", configuration: exactMallocs) { _ in
        blackHole(keys.table.check(apiKey: keyValue, apiId: "api0000001", stage: "prod"))
        blackHole(keys.table.check(apiKey: unknownKey, apiId: "api0000001", stage: "prod"))
    }

    Benchmark("GatewayResponseRenderer.render mallocs per call", configuration: exactMallocs) { _ in
        blackHole(GatewayResponseRenderer.defaults.render(.invalidApiKey))
    }
}

/// Builds the benchmark's data through the model's own operations.
enum Fixture {
    static let now = 1_700_000_000

    /// A resource tree of about 50 resources with MOCK methods, and one greedy HTTP proxy.
    static func api() -> (resources: [String: Resource], count: Int) {
        var configuration = Configuration()
        do {
            _ = try configuration.createRestApi(CreateRestApiInput(name: "bench"), id: "api0000001", rootResourceId: "root", now: now)
            var next = 0
            func child(_ part: String, of parent: String) throws -> String {
                next += 1
                let id = "r\(next)"
                _ = try configuration.createResource(apiId: "api0000001", parentId: parent, CreateResourceInput(pathPart: part), id: id)
                return id
            }
            func method(_ name: String, on resource: String, proxy: Bool = false) throws {
                _ = try configuration.putMethod(
                    apiId: "api0000001", resourceId: resource, httpMethod: name, PutMethodInput(authorizationType: "NONE")
                )
                let integration = proxy
                    ? PutIntegrationInput(type: "HTTP_PROXY", httpMethod: "ANY", uri: "http://backend:8080/{proxy}")
                    : PutIntegrationInput(type: "MOCK", requestTemplates: ["application/json": "{\"statusCode\": 200}"])
                _ = try configuration.putIntegration(apiId: "api0000001", resourceId: resource, httpMethod: name, integration)
            }
            for collection in ["pets", "users", "stores", "orders", "items", "carts", "reviews", "vendors"] {
                let top = try child(collection, of: "root")
                try method("GET", on: top)
                try method("POST", on: top)
                let item = try child("{id}", of: top)
                try method("GET", on: item)
                try method("DELETE", on: item)
                for sub in ["toys", "tags", "history"] {
                    let nested = try child(sub, of: item)
                    try method("GET", on: nested)
                }
                let mine = try child("mine", of: top)
                try method("GET", on: mine)
            }
            let stores = configuration.restApis["api0000001"]!.resources.values.first { $0.path == "/stores/{id}" }!.id
            let orders = try child("orders", of: stores)
            let order = try child("{orderId}", of: orders)
            let greedy = try child("{proxy+}", of: order)
            try method("ANY", on: greedy, proxy: true)
            _ = try configuration.createDeployment(apiId: "api0000001", CreateDeploymentInput(stageName: "prod"), id: "dep1", now: now)
        } catch {
            fatalError("fixture: \(error)")
        }
        let document = configuration.restApis["api0000001"]!
        return (document.deploymentSnapshots["dep1"]!, document.resources.count)
    }

    /// `count` enabled keys, all in plan `gold` (stage `prod`), every other one also in plan `beta`
    /// (stage `beta`); the table, the key values and the configuration they came from.
    static func keys(count: Int) -> (table: KeyTable, values: [String], configuration: Configuration) {
        var configuration = Configuration()
        var values: [String] = []
        do {
            _ = try configuration.createRestApi(CreateRestApiInput(name: "keys"), id: "api0000001", rootResourceId: "root", now: now)
            _ = try configuration.putMethod(
                apiId: "api0000001", resourceId: "root", httpMethod: "GET", PutMethodInput(authorizationType: "NONE", apiKeyRequired: true)
            )
            _ = try configuration.putIntegration(apiId: "api0000001", resourceId: "root", httpMethod: "GET", PutIntegrationInput(type: "MOCK"))
            for stage in ["prod", "beta"] {
                _ = try configuration.createDeployment(apiId: "api0000001", CreateDeploymentInput(stageName: stage), id: "dep-\(stage)", now: now)
            }
            _ = try configuration.createUsagePlan(
                CreateUsagePlanInput(name: "gold", apiStages: [ApiStage(apiId: "api0000001", stage: "prod")]), id: "gold", now: now
            )
            _ = try configuration.createUsagePlan(
                CreateUsagePlanInput(name: "beta", apiStages: [ApiStage(apiId: "api0000001", stage: "beta")]), id: "beta", now: now
            )
            for index in 0..<count {
                let value = "bench-key-\(index)-" + String(repeating: "v", count: 24)
                let id = "key\(index)"
                _ = try configuration.createApiKey(CreateApiKeyInput(name: id, enabled: true, value: value), id: id, now: now)
                _ = try configuration.createUsagePlanKey(planId: "gold", CreateUsagePlanKeyInput(keyId: id, keyType: "API_KEY"))
                if index.isMultiple(of: 2) {
                    _ = try configuration.createUsagePlanKey(planId: "beta", CreateUsagePlanKeyInput(keyId: id, keyType: "API_KEY"))
                }
                values.append(value)
            }
            _ = configuration.takeChanges()
        } catch {
            fatalError("fixture: \(error)")
        }
        return (KeyTable(configuration: configuration), values, configuration)
    }
}
