/// An `AWS` / `AWS_PROXY` integration URI that invokes a Lambda function:
/// `arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`.
///
/// The function may be a full function ARN (`arn:aws:lambda:us-east-1:123456789012:function:name`,
/// with an optional `:alias` or `:version`), a partial ARN or a bare name, and may hold
/// `${stageVariables.name}` (replaced when the stage's snapshot is built).
///
/// ```swift
/// let uri = try LambdaInvocationURI(parsing:
///     "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:pets/invocations")
/// uri.region    // "eu-west-1"
/// uri.function  // "arn:aws:lambda:eu-west-1:123456789012:function:pets"
/// ```
public struct LambdaInvocationURI: Sendable, Equatable {
    /// The region of the API Gateway ARN: where the function is invoked (SigV4 region `lambda`).
    public let region: String
    /// The function's ARN or name, as the URI gives it.
    public let function: String

    /// Why a URI is not a Lambda invocation URI, in AWS's words where AWS has them.
    public enum Refusal: Error, Equatable, Sendable {
        /// Not `arn:{partition}:apigateway:{region}:{service}:...` at all: "Invalid ARN specified in the request".
        case invalidARN
        /// An ARN with neither `path/` nor `action/` after the service.
        case noPathOrAction
        /// A well-formed AWS service integration that is not Lambda's Invoke API (the service named).
        case notLambda(service: String)
        /// A Lambda path other than the Invoke API's.
        case notInvocation

        /// The text of the `BadRequestException`.
        public var message: String {
            switch self {
            case .invalidARN: "Invalid ARN specified in the request"
            case .noPathOrAction: "AWS ARN for integration must contain path or action"
            case .notLambda(let service):
                "Turnpike runs AWS integrations only for Lambda functions "
                    + "(arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations), not \(service)"
            case .notInvocation:
                "Turnpike runs Lambda integrations through path/2015-03-31/functions/{functionArn}/invocations only"
            }
        }
    }

    static let partitions: Set<Substring> = ["aws", "aws-cn", "aws-us-gov"]
    static let invokePrefix = "path/2015-03-31/functions/"
    static let invokeSuffix = "/invocations"

    public init(parsing uri: String) throws(Refusal) {
        guard uri.count <= 2048, !uri.contains(where: { $0.isWhitespace }) else { throw .invalidARN }
        // arn : partition : apigateway : region : service : rest (the rest holds colons of its own)
        let parts = uri.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", Self.partitions.contains(parts[1]), parts[2] == "apigateway",
              Self.isRegion(parts[3]), !parts[4].isEmpty
        else { throw .invalidARN }
        let rest = parts[5]
        guard rest.hasPrefix("path/") || rest.hasPrefix("action/") else { throw .noPathOrAction }
        guard parts[4] == "lambda" else { throw .notLambda(service: String(parts[4])) }
        guard rest.hasPrefix(Self.invokePrefix), rest.hasSuffix(Self.invokeSuffix),
              rest.count > Self.invokePrefix.count + Self.invokeSuffix.count
        else { throw .notInvocation }
        let function = rest.dropFirst(Self.invokePrefix.count).dropLast(Self.invokeSuffix.count)
        guard !function.contains("/") else { throw .invalidARN }
        region = String(parts[3])
        self.function = String(function)
    }

    /// The 12-digit AWS account the function belongs to, from a full function ARN
    /// (`arn:aws:lambda:{region}:{account}:function:{name}`) or a partial one
    /// (`{account}:function:{name}`); nil for a bare function name.
    ///
    /// ```swift
    /// try LambdaInvocationURI(parsing: "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
    ///     + "arn:aws:lambda:eu-west-1:123456789012:function:pets/invocations").account  // "123456789012"
    /// ```
    public var account: String? {
        let parts = function.split(separator: ":", omittingEmptySubsequences: false)
        let candidate: Substring
        if parts.count >= 7, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function" {
            candidate = parts[4]
        } else if parts.count >= 3, parts[1] == "function" {
            candidate = parts[0]
        } else {
            return nil
        }
        guard candidate.count == 12, candidate.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(candidate)
    }

    /// `us-east-1`, `ap-southeast-2`, `us-gov-west-1`: lowercase letters, digits and dashes.
    private static func isRegion(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 32 && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
