import TurnpikeModel

/// What the client gets for a Lambda Invoke call's answer, as AWS answers it, and what to log.
///
/// - `200` from the Invoke API without `X-Amz-Function-Error`: `AWS_PROXY` maps the function's
///   result (``LambdaProxyResponse``; malformed → 502; an `isBase64Encoded` body decoded when the
///   request's `accept` or the answer's type is one of the API's `binaryMediaTypes`); `AWS` returns
///   the result as a 200 `application/json` answer.
/// - a function error (`X-Amz-Function-Error`): 502 `{"message": "Internal server error"}`.
/// - the Invoke API refusing the call, whatever its status (403, 404: credentials, permissions, no
///   such function; 429 `TooManyRequestsException`: throttled; 5xx `ServiceException`: Lambda
///   failing): 500 `{"message": "Internal server error"}`. AWS's Lambda guide, "Handling Lambda
///   errors with an API Gateway API": "If the Lambda API rejects the invocation request, API Gateway
///   returns a 500 error code"; a throttled invoke is never passed on as a 429.
struct LambdaOutcome {
    var response: RenderedResponse
    /// Why the call failed, for a warning; nil when it did not.
    var failure: String?

    /// The largest answer read from the Invoke API (Lambda's own limit on a synchronous result).
    static let maximumPayload = 6 * 1024 * 1024

    /// `errorType` is the Invoke API's `X-Amzn-ErrorType` (e.g. `TooManyRequestsException:` with a
    /// detail after the colon), named in the log of a refusal.
    init(plan: LambdaPlan, status: Int, functionError: String?, errorType: String? = nil, payload: [UInt8], accept: String?,
         responses: GatewayResponseRenderer) {
        let function = plan.invocation.function
        if let functionError {
            self.init(responses.render(.integrationFailure), "function \(function) failed: \(functionError)")
            return
        }
        switch status {
        case 200:
            guard plan.proxy else {
                self.init(RenderedResponse(status: 200, headers: [("Content-Type", "application/json")], body: payload), nil)
                return
            }
            let types = plan.binaryMediaTypes
            guard let mapped = LambdaProxyResponse(json: payload, decodesBase64: { types.decodes(accept: accept, contentType: $0) }) else {
                self.init(responses.render(.integrationFailure), "function \(function) returned a malformed proxy response")
                return
            }
            let headers = mapped.headers.filter { !ProxyHeaders.hopByHop.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
            self.init(RenderedResponse(status: mapped.statusCode, headers: headers, body: mapped.body), nil)
        default:
            self.init(responses.render(.apiConfigurationError), "Lambda refused invoking \(function): \(status) \(Self.exceptionName(errorType))\(Self.errorType(payload))")
        }
    }

    private init(_ response: RenderedResponse, _ failure: String?) {
        self.response = response
        self.failure = failure
    }

    /// `TooManyRequestsException ` from `TooManyRequestsException:http://internal.amazon.com/...`
    /// (the part before a colon, letters only), or nothing.
    private static func exceptionName(_ errorType: String?) -> String {
        guard let name = errorType?.prefix(while: { $0 != ":" }), !name.isEmpty, name.count <= 64,
              name.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return "" }
        return "\(name) "
    }

    /// The start of an error answer's text (its `Type`/`message` JSON), for the log: never a key.
    private static func errorType(_ payload: [UInt8]) -> String {
        String(decoding: payload.prefix(200), as: UTF8.self)
    }
}
