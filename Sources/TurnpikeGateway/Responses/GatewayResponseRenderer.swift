public import TurnpikeModel

/// The gateway responses of one REST API, every type rendered to bytes when the snapshot is built,
/// so that ``render(_:)`` is an array read.
///
/// For each type, in this order:
/// 1. the response put for the type (`PutGatewayResponse`);
/// 2. else the one put for `DEFAULT_5XX` (5xx types) or `DEFAULT_4XX` (the others), with that
///    one's status when it has one, as AWS does;
/// 3. else AWS's default: e.g. 403 `{"message":"Missing Authentication Token"}`, 429
///    `{"message":"Too Many Requests"}`, 504 `{"message": "Endpoint request timed out"}`.
///
/// A put response's body is its `responseTemplates["application/json"]` (else its first template)
/// with `$context.error.messageString` (the message as a JSON string), `$context.error.message`,
/// `$context.error.responseType` and `$context.error.validationErrorString` substituted (the last
/// is empty except for request validation refusals, ``render(_:message:validationErrorString:)``,
/// where it is JSON-escaped, so it can stand inside a JSON string).
/// Other `$context`/`$stageVariables`/`method.request` references need the request and are left as
/// written. `responseParameters` `"gatewayresponse.header.X": "'value'"` add header `X: value`;
/// `x-amzn-ErrorType` is sent for the types that have one, put or not. A header that
/// ``HeaderField`` would refuse (a framing or hop-by-hop name, a control character in the value:
/// stored before the admin API checked them) is left out, and such a template media type gives
/// `application/json`.
///
/// The renderer reads the API's *current* gateway responses (``RestApiDocument/gatewayResponses``
/// is not part of a deployment's snapshot), so a put takes effect with the next snapshot, without
/// a new deployment: sooner than AWS, which waits for one.
public struct GatewayResponseRenderer: Sendable {
    private let responses: [RenderedResponse]
    /// The responses put, for the answers rendered per request.
    private let put: [String: GatewayResponse]

    /// AWS's defaults for every type.
    public static let defaults = GatewayResponseRenderer(gatewayResponses: [:])

    /// Renders every type from the responses put on an API (``RestApiDocument/gatewayResponses``).
    public init(gatewayResponses: [String: GatewayResponse]) {
        responses = GatewayResponseType.allCases.map { Self.render($0, gatewayResponses) }
        put = gatewayResponses
    }

    /// The response of a type; allocates nothing.
    public func render(_ type: GatewayResponseType) -> RenderedResponse {
        responses[type.index]
    }

    /// The response of a type for one request, with its own `message` (`$context.error.message`)
    /// and `validationErrorString`: request validation's refusals
    /// (`Missing required request parameters: [q]`). Renders, so it allocates.
    public func render(_ type: GatewayResponseType, message: String, validationErrorString: String) -> RenderedResponse {
        Self.render(type, put, error: ErrorText(message: message, validationErrorString: validationErrorString))
    }

    // MARK: Rendering

    /// What `$context.error.*` says.
    private struct ErrorText {
        var message: String
        var validationErrorString = ""
    }

    private static func render(_ type: GatewayResponseType, _ put: [String: GatewayResponse], error: ErrorText? = nil) -> RenderedResponse {
        let aws = type.awsDefault
        let error = error ?? ErrorText(message: aws.message)
        if let own = put[type.rawValue] {
            return render(type, own, status: aws.status, error: error)
        }
        let isDefaultType = type == .default4xx || type == .default5xx
        let family: GatewayResponseType = aws.status >= 500 ? .default5xx : .default4xx
        if !isDefaultType, let parent = put[family.rawValue] {
            return render(type, parent, status: aws.status, error: error)
        }
        let body = error.message == aws.message ? aws.bodyWhenDefault ?? #"{"message":"# + jsonString(error.message) + "}"
            : #"{"message":"# + jsonString(error.message) + "}"
        return assemble(type, status: aws.status, parameters: [:], mediaType: "application/json", body: body)
    }

    private static func render(_ type: GatewayResponseType, _ response: GatewayResponse, status: Int, error: ErrorText) -> RenderedResponse {
        let code = response.statusCode.flatMap(Int.init).flatMap { (100...599).contains($0) ? $0 : nil } ?? status
        let templates = response.responseTemplates ?? [:]
        let template = templates["application/json"].map { ("application/json", $0) }
            ?? templates.min { $0.key < $1.key }.map { ($0.key, $0.value) }
        let body = template.map { substitute(in: $0.1, type: type, error: error) } ?? ""
        return assemble(type, status: code, parameters: response.responseParameters ?? [:],
                        mediaType: template?.0 ?? "application/json", body: body)
    }

    private static func assemble(
        _ type: GatewayResponseType, status: Int, parameters: [String: String], mediaType: String, body: String
    ) -> RenderedResponse {
        var headers: [(String, String)] = []
        let prefix = "gatewayresponse.header."
        for (name, source) in parameters.sorted(by: { $0.key < $1.key }) {
            guard name.hasPrefix(prefix), let value = StaticValue.literal(source) else { continue }
            let header = String(name.dropFirst(prefix.count))
            // The writer sets the framing; values stored before write validation are skipped.
            guard HeaderField.isRenderable(name: header, value: value) else { continue }
            headers.append((header, value))
        }
        let names = Set(headers.map { $0.0.lowercased() })
        if !names.contains("content-type") {
            headers.append(("content-type", HeaderField.isSafeValue(mediaType) ? mediaType : "application/json"))
        }
        if let errorType = type.awsDefault.errorType, !names.contains("x-amzn-errortype") {
            headers.append(("x-amzn-ErrorType", errorType))
        }
        return RenderedResponse(status: status, headers: headers, body: Array(body.utf8), type: type)
    }

    private static func substitute(in template: String, type: GatewayResponseType, error: ErrorText) -> String {
        let message = error.message
        let values: [(String, String)] = [
            ("context.error.messageString", jsonString(message)),
            ("context.error.message", message),
            ("context.error.responseType", type.rawValue),
            ("context.error.validationErrorString", String(jsonString(error.validationErrorString).dropFirst().dropLast())),
        ]
        var text = template
        // Longest names first, so `message` does not eat the start of `messageString`.
        for (name, value) in values {
            text = text.replacingAll("${\(name)}", with: value)
            text = text.replacingAll("$\(name)", with: value)
        }
        return text
    }

    /// `text` as a JSON string literal, quotes included.
    static func jsonString(_ text: String) -> String {
        text.jsonLiteral
    }
}

extension String {
    /// A copy with every occurrence of `target` replaced (no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
