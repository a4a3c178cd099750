/// The one error type of Turnpike: an AWS error code, the HTTP status it answers with and a message.
///
/// Handlers throw it; one place (the admin responder, the gateway) renders it as AWS does:
/// the status, an `x-amzn-ErrorType: <code>` header and a `{"message": "..."}` body.
/// Its `description` never contains more than the message, which never carries secrets.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The AWS error code (`x-amzn-ErrorType`), with the HTTP status it maps to.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The AWS exception name, e.g. `NotFoundException`.
        public let name: String
        /// The HTTP status code.
        public let status: Int

        private init(_ name: String, _ status: Int) {
            self.name = name
            self.status = status
        }

        public var description: String { name }

        public static let badRequest = Code("BadRequestException", 400)
        public static let validation = Code("ValidationException", 400)
        public static let serialization = Code("SerializationException", 400)
        public static let unauthorized = Code("UnauthorizedException", 401)
        public static let notFound = Code("NotFoundException", 404)
        public static let conflict = Code("ConflictException", 409)
        public static let payloadTooLarge = Code("RequestEntityTooLargeException", 413)
        public static let limitExceeded = Code("LimitExceededException", 429)
        public static let tooManyRequests = Code("TooManyRequestsException", 429)
        public static let serviceUnavailable = Code("ServiceUnavailableException", 503)
        public static let internalFailure = Code("InternalFailureException", 500)
        public static let missingAuthenticationToken = Code("MissingAuthenticationTokenException", 403)
        public static let unrecognizedClient = Code("UnrecognizedClientException", 403)
        public static let invalidSignature = Code("InvalidSignatureException", 403)
        public static let incompleteSignature = Code("IncompleteSignatureException", 403)
        public static let forbidden = Code("ForbiddenException", 403)
    }

    /// What kind of error this is.
    public let code: Code
    /// The human-readable message, sent as `{"message": ...}`.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.name): \(message)" }

    /// HTTP status of the answer.
    public var status: Int { code.status }

    public static func badRequest(_ message: String) -> GatewayError { .init(.badRequest, message) }
    public static func notFound(_ message: String) -> GatewayError { .init(.notFound, message) }
    public static func conflict(_ message: String) -> GatewayError { .init(.conflict, message) }

    /// A constraint violation in AWS's words:
    /// `1 validation error detected: Value 'X' at 'input.field' failed to satisfy constraint: ...`.
    public static func validation(value: String, at location: String, constraint: String) -> GatewayError {
        .init(
            .validation,
            "1 validation error detected: Value '\(value)' at '\(location)' failed to satisfy constraint: \(constraint)"
        )
    }

    /// A value outside an enumeration, worded as AWS words it.
    public static func enumeration(value: String, at location: String, allowed: [String]) -> GatewayError {
        validation(
            value: value,
            at: location,
            constraint: "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"
        )
    }
}
