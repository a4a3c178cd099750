import TurnpikeModel

/// How an `AWS_PROXY` or `AWS` integration invokes its Lambda function, compiled from the
/// integration for one stage (`${stageVariables.name}` in the function already replaced).
public final class LambdaPlan: Sendable {
    public let invocation: LambdaInvocationURI
    /// `AWS_PROXY`: the proxy event goes in, the proxy response comes out. `AWS` (no templates):
    /// the request body is the event, the result a 200 `application/json` answer.
    public let proxy: Bool
    /// `timeoutInMillis` (default 29 s): then 504.
    public let timeoutMilliseconds: Int64
    /// The stage's variables, for the proxy event.
    let stageVariables: [(String, String)]

    init(integration: Integration, stageVariables: [String: String]) throws(IntegrationPlanError) {
        let uri = HTTPProxyPlan.substitutingStageVariables(in: integration.uri ?? "", stageVariables)
        do {
            invocation = try LambdaInvocationURI(parsing: uri)
        } catch {
            throw IntegrationPlanError(reason: error.message)
        }
        if integration.type == "AWS", !(integration.requestTemplates ?? [:]).isEmpty {
            throw IntegrationPlanError(reason: "Turnpike does not apply request templates to AWS integrations")
        }
        proxy = integration.type == "AWS_PROXY"
        timeoutMilliseconds = Int64(integration.timeoutInMillis ?? 29_000)
        self.stageVariables = stageVariables.sorted { $0.key < $1.key }
    }
}
