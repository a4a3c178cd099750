import TurnpikeAdmin
import TurnpikeGateway

/// Lets the invoke listener hand admin requests to the admin responder.
struct AdminEndpointAdapter: AdminEndpoint {
    let responder: AdminResponder

    func answer(method: String, target: String, headers: [(String, String)], body: [UInt8]) async -> RenderedResponse {
        let response = await responder.handle(method: method, target: target, headers: headers, body: body)
        return RenderedResponse(status: response.status, headers: response.headers, body: response.body)
    }

    func refusalBeforeBody(method: String, target: String, headers: [(String, String)]) -> RenderedResponse? {
        responder.refusalBeforeBody(method: method, target: target, headers: headers).map {
            RenderedResponse(status: $0.status, headers: $0.headers, body: $0.body)
        }
    }

    func maximumBodySize(method: String, target: String) -> Int {
        AdminResponder.maximumBodySize(method: method, target: target)
    }
}
