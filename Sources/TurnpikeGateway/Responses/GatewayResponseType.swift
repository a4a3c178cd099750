/// AWS's gateway response types: the answers the gateway itself gives instead of the integration's.
/// The raw value is AWS's name (`MISSING_AUTHENTICATION_TOKEN`, ...).
public enum GatewayResponseType: String, Sendable, CaseIterable {
    case default4xx = "DEFAULT_4XX"
    case default5xx = "DEFAULT_5XX"
    case resourceNotFound = "RESOURCE_NOT_FOUND"
    case unauthorized = "UNAUTHORIZED"
    case invalidApiKey = "INVALID_API_KEY"
    case accessDenied = "ACCESS_DENIED"
    case authorizerFailure = "AUTHORIZER_FAILURE"
    case authorizerConfigurationError = "AUTHORIZER_CONFIGURATION_ERROR"
    case invalidSignature = "INVALID_SIGNATURE"
    case expiredToken = "EXPIRED_TOKEN"
    case missingAuthenticationToken = "MISSING_AUTHENTICATION_TOKEN"
    case integrationFailure = "INTEGRATION_FAILURE"
    case integrationTimeout = "INTEGRATION_TIMEOUT"
    case apiConfigurationError = "API_CONFIGURATION_ERROR"
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case badRequestParameters = "BAD_REQUEST_PARAMETERS"
    case badRequestBody = "BAD_REQUEST_BODY"
    case requestTooLarge = "REQUEST_TOO_LARGE"
    case throttled = "THROTTLED"
    case quotaExceeded = "QUOTA_EXCEEDED"
    case wafFiltered = "WAF_FILTERED"

    /// What AWS answers when nothing was put for the type: status, message and `x-amzn-ErrorType`.
    /// `bodyWhenDefault` is the exact body AWS sends where it differs from `{"message":"..."}`.
    var awsDefault: (status: Int, message: String, errorType: String?, bodyWhenDefault: String?) {
        switch self {
        case .missingAuthenticationToken: (403, "Missing Authentication Token", "MissingAuthenticationTokenException", nil)
        case .invalidApiKey: (403, "Forbidden", "ForbiddenException", nil)
        case .throttled: (429, "Too Many Requests", "TooManyRequestsException", nil)
        case .quotaExceeded: (429, "Limit Exceeded", "LimitExceededException", nil)
        case .integrationTimeout: (504, "Endpoint request timed out", nil, #"{"message": "Endpoint request timed out"}"#)
        // AWS documents 504 for INTEGRATION_FAILURE, but an unreachable backend is answered 502.
        case .integrationFailure: (502, "Internal server error", nil, #"{"message": "Internal server error"}"#)
        case .requestTooLarge: (413, "Request Too Long", nil, nil)
        case .accessDenied: (403, "Forbidden", "AccessDeniedException", nil)
        case .wafFiltered: (403, "Forbidden", "ForbiddenException", nil)
        case .expiredToken: (403, "The security token included in the request is expired", "ExpiredTokenException", nil)
        case .invalidSignature: (403, "The request signature we calculated does not match the signature you provided",
                                 "InvalidSignatureException", nil)
        case .unauthorized: (401, "Unauthorized", "UnauthorizedException", nil)
        case .resourceNotFound: (404, "Not Found", "NotFoundException", nil)
        case .badRequestBody: (400, "Invalid request body", "BadRequestException", nil)
        case .badRequestParameters: (400, "Missing required request parameters", "BadRequestException", nil)
        case .unsupportedMediaType: (415, "Unsupported Media Type", "UnsupportedMediaTypeException", nil)
        case .default4xx: (400, "Bad Request", nil, nil)
        case .default5xx, .apiConfigurationError, .authorizerFailure, .authorizerConfigurationError:
            (500, "Internal server error", nil, #"{"message": "Internal server error"}"#)
        }
    }

    /// The index of the type in ``allCases``, for table lookups.
    var index: Int {
        switch self {
        case .default4xx: 0
        case .default5xx: 1
        case .resourceNotFound: 2
        case .unauthorized: 3
        case .invalidApiKey: 4
        case .accessDenied: 5
        case .authorizerFailure: 6
        case .authorizerConfigurationError: 7
        case .invalidSignature: 8
        case .expiredToken: 9
        case .missingAuthenticationToken: 10
        case .integrationFailure: 11
        case .integrationTimeout: 12
        case .apiConfigurationError: 13
        case .unsupportedMediaType: 14
        case .badRequestParameters: 15
        case .badRequestBody: 16
        case .requestTooLarge: 17
        case .throttled: 18
        case .quotaExceeded: 19
        case .wafFiltered: 20
        }
    }
}
