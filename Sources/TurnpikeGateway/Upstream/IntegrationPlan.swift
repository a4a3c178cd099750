import TurnpikeModel

/// How a method's integration runs, compiled from its ``Integration`` when the snapshot is built.
public enum IntegrationPlan: Sendable {
    /// `MOCK`: answer at once with a precomputed response.
    case mock(MockResponse)
    /// `HTTP_PROXY`, and `HTTP` run the same way (Turnpike applies no mapping templates): forward
    /// the request to the backend and pass its answer back unchanged.
    case httpProxy(HTTPProxyPlan)
    /// `AWS_PROXY` or `AWS` to a Lambda function: invoke it through Lambda's Invoke API.
    case lambda(LambdaPlan)
    /// Anything Turnpike cannot run (no integration, an AWS service other than Lambda, `VPC_LINK`, a
    /// URI it cannot parse); the text says why, for the log. Answer 500 `{"message": "Internal server error"}`
    /// (``GatewayResponseType/apiConfigurationError``).
    case unsupported(String)

    init(integration: Integration?, parameters: [PathParameterSlot], stageVariables: [String: String],
         binaryMediaTypes: BinaryMediaTypes = BinaryMediaTypes(nil)) {
        guard let integration else {
            self = .unsupported("No integration defined for method")
            return
        }
        if let connection = integration.connectionType, connection != "INTERNET" {
            self = .unsupported("Turnpike does not run integrations over connection type \(connection)")
            return
        }
        switch integration.type {
        case "MOCK":
            self = .mock(MockResponse(integration: integration))
        case "HTTP_PROXY", "HTTP":
            do {
                let plan = try HTTPProxyPlan(integration: integration, parameters: parameters, stageVariables: stageVariables)
                self = .httpProxy(plan)
            } catch {
                self = .unsupported(error.reason)
            }
        case "AWS_PROXY", "AWS":
            do {
                self = .lambda(try LambdaPlan(
                    integration: integration, stageVariables: stageVariables, binaryMediaTypes: binaryMediaTypes))
            } catch {
                self = .unsupported(error.reason)
            }
        default:
            self = .unsupported("Turnpike does not run integrations of type \(integration.type)")
        }
    }
}

/// Why an integration could not be compiled.
struct IntegrationPlanError: Error {
    var reason: String
}
