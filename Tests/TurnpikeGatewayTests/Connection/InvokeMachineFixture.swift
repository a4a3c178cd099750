import Logging
import NIOCore
import NIOEmbedded
import TurnpikeModel
@testable import TurnpikeGateway

/// An invoke environment for connection tests: API `a1`, stage `prod`, with `GET /` a MOCK answering
/// `ok`, `GET /pets` and `POST /orders` proxied to `backend.test:8080` (29 s timeout), and `GET /keyed`
/// a MOCK that needs an API key. Its pools live on `loop`.
struct InvokeMachineFixture {
    static let base = "/restapis/a1/prod/_user_request_"
    let loop: EmbeddedEventLoop
    let environment: InvokeEnvironment

    init(loop: EmbeddedEventLoop = EmbeddedEventLoop(), maximumBodySize: Int = 10 * 1024 * 1024,
         limits: ConnectionLimits = ConnectionLimits()) throws {
        var configuration = Configuration()
        try GatewayFixtures.createApi("a1", in: &configuration)
        try GatewayFixtures.putMethod("GET", on: "root-a1", api: "a1", body: "ok", in: &configuration)
        for (part, method) in [("pets", "GET"), ("orders", "POST")] {
            let id = try GatewayFixtures.createResource(part, under: "root-a1", api: "a1", id: "r-\(part)", in: &configuration)
            try GatewayFixtures.putMethod(
                method, on: id, api: "a1",
                integration: PutIntegrationInput(type: "HTTP_PROXY", httpMethod: method, uri: "http://backend.test:8080/\(part)"),
                in: &configuration)
        }
        let keyed = try GatewayFixtures.createResource("keyed", under: "root-a1", api: "a1", id: "r-keyed", in: &configuration)
        try GatewayFixtures.putMethod("GET", on: keyed, api: "a1", apiKeyRequired: true, in: &configuration)
        try GatewayFixtures.deploy("a1", stage: "prod", id: "d1", in: &configuration)
        self.loop = loop
        environment = InvokeEnvironment(
            snapshot: LiveSnapshot(GatewaySnapshot(configuration: configuration)), admin: nil, group: loop,
            logger: Logger(label: "test"), maximumBodySize: maximumBodySize, connectionLimits: limits)
    }

    /// Bytes of a request (`GET` to `path` under the stage unless told), keep-alive.
    static func request(_ path: String, method: String = "GET", headers: String = "", body: String = "") -> ByteBuffer {
        let length = body.isEmpty ? "" : "content-length: \(body.utf8.count)\r\n"
        return ByteBuffer(string: "\(method) \(base)\(path) HTTP/1.1\r\nhost: gw\r\n\(headers)\(length)\r\n\(body)")
    }
}
