import NIOCore
import NIOHTTP1
import TurnpikeLimits
import TurnpikeModel

/// The backend exchange of a Lambda integration: the signed Invoke call goes to the Lambda
/// endpoint over the loop's pool (TLS or plain, kept alive), its answer is collected (at most
/// Lambda's 6 MB) and mapped by ``LambdaOutcome``. The exchange's deadline covers the whole call
/// (504), as the Invoke API answers only once the function has finished.
extension InvokeConnectionMachine {
    /// Starts invoking `plan`'s function for `request`.
    mutating func startLambdaExchange(_ request: InvokeRequest, plan: LambdaPlan, body: ByteBuffer?, now: UInt64) {
        countUsage(of: request)
        guard let endpoint = environment.lambda, let credentials = endpoint.credentials(epochSeconds: environment.clock.epochSeconds()),
              let transport = endpoint.proxyPlan(region: plan.invocation.region, timeoutMilliseconds: plan.timeoutMilliseconds)
        else {
            perform(.warnLambda(function: plan.invocation.function, reason: "no AWS credentials found, or --lambda-endpoint unusable"))
            return write(request.responses.render(.apiConfigurationError), for: request, now: now)
        }
        var exchange = UpstreamExchangeState(request: request, plan: transport, body: body, serial: serial, now: now, lambda: plan)
        exchange.lambdaCredentials = credentials
        self.exchange = exchange
        perform(.acquireUpstream(transport.upstreamKey, connectTimeout: exchange.connectTimeout, serial: serial))
        scheduleTimer(now: now)
    }

    /// The signed Invoke call for the exchange in flight.
    func lambdaCall(_ exchange: UpstreamExchangeState, _ plan: LambdaPlan) -> ByteBuffer {
        let request = exchange.request
        let payload: [UInt8]
        if plan.proxy {
            payload = LambdaProxyEvent(request: request, plan: plan, body: exchange.body, clientAddress: clientAddress,
                                       accountId: environment.lambda?.accountId ?? plan.accountId).json()
        } else {
            payload = exchange.body.map { Array(buffer: $0) } ?? Array("{}".utf8)
        }
        let call = LambdaInvokeRequest(uri: plan.invocation, host: exchange.plan.hostHeader, payload: payload)
        let bytes = call.bytes(credentials: exchange.lambdaCredentials!, epochSeconds: environment.clock.epochSeconds())
        return allocator.buffer(bytes: bytes)
    }

    /// The Invoke API's head: whether the function failed, or why the API refused the call.
    mutating func lambdaHead() {
        exchange!.functionError = upstreamHead.fields.firstValue(named: "x-amz-function-error", in: upstreamHead.bytes)
        exchange!.lambdaErrorType = upstreamHead.fields.firstValue(named: "x-amzn-errortype", in: upstreamHead.bytes)
    }

    /// Collects answer bytes; false when the answer outgrows Lambda's limit.
    mutating func collectLambdaPayload(_ bytes: ByteBuffer) -> Bool {
        guard exchange!.payload.count + bytes.readableBytes <= LambdaOutcome.maximumPayload else { return false }
        exchange!.payload.append(contentsOf: bytes.readableBytesView)
        return true
    }

    /// The Invoke API's answer is complete: the client's answer.
    mutating func finishLambda(_ exchange: UpstreamExchangeState, _ plan: LambdaPlan, reuse: Bool, now: UInt64) {
        self.exchange = nil
        perform(.releaseUpstream(reuse: reuse, resumeReading: exchange.upstreamPaused))
        let outcome = LambdaOutcome(plan: plan, status: exchange.status, functionError: exchange.functionError,
                                    errorType: exchange.lambdaErrorType,
                                    payload: exchange.payload, accept: exchange.request.headers.first(name: "accept"),
                                    responses: exchange.request.responses)
        if let failure = outcome.failure { perform(.warnLambda(function: plan.invocation.function, reason: failure)) }
        write(outcome.response, for: exchange.request, now: now)
        process(now: now)
    }
}
