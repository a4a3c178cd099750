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
    /// The API's `binaryMediaTypes`: request bodies of these types go base64-encoded in the proxy
    /// event, and `isBase64Encoded` answers are decoded for clients that accept them.
    public let binaryMediaTypes: BinaryMediaTypes
    /// `requestContext.accountId` unless `--account-id` names one: the account of the function's
    /// ARN, or `000000000000` for a function given by bare name.
    public let accountId: String

    init(integration: Integration, stageVariables: [String: String], binaryMediaTypes: BinaryMediaTypes = BinaryMediaTypes(nil))
        throws(IntegrationPlanError)
    {
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
        self.binaryMediaTypes = binaryMediaTypes
        accountId = invocation.account ?? "000000000000"
    }
}
