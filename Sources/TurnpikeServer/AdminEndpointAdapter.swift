import TurnpikeAdmin
import TurnpikeGateway

/// Lets the invoke listener hand admin requests to the admin responder.
struct AdminEndpointAdapter: AdminEndpoint {
    let responder: AdminResponder

    func answer(method: String, target: String, headers: [(String, String)], body: [UInt8]) async -> RenderedResponse {
        let response = await responder.handle(method: method, target: target, headers: headers, body: body)
        return RenderedResponse(status: response.status, headers: response.headers, body: response.body)
    }
}
