import TurnpikeModel

/// A stage's access log format (`accessLogSettings.format`), compiled once per snapshot: literal
/// text and AWS's `$context` variables, rendered per request from an ``AccessLogRecord``.
///
/// As in API Gateway, a variable whose value is absent, or which Turnpike does not know, is written
/// `-`. Unlike API Gateway, values are escaped (`"`, `\` and control characters, as in a JSON string), so a
/// user agent can neither break a JSON line nor forge a second log line.
public struct AccessLogTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case variable(String)
    }

    let parts: [Part]

    /// The format used for stages without one: CLF-like, with what an operator needs to find a
    /// request (client, user agent, key id, bytes, backend status and latency, why it was refused).
    public static let standard = AccessLogTemplate(
        #"$context.identity.sourceIp - $context.identity.apiKeyId [$context.requestTime] "$context.httpMethod $context.path $context.protocol" $context.status $context.responseLength $context.requestId "$context.identity.userAgent" api=$context.apiId stage=$context.stage resource=$context.resourcePath latency=$context.responseLatency integrationStatus=$context.integrationStatus integrationLatency=$context.integrationLatency error=$context.error.responseType"#)

    /// Compiles `format`: `$context.` followed by a name of letters, digits, `.` and `_` is a
    /// variable (a trailing `.` belongs to the text); anything else is text.
    public init(_ format: String) {
        var parts: [Part] = []
        var text = ""
        let marker = "$context."
        var rest = format[...]
        while let start = rest.firstRange(of: marker) {
            text += rest[..<start.lowerBound]
            var end = start.upperBound
            while end < rest.endIndex, Self.isNameCharacter(rest[end]) { end = rest.index(after: end) }
            var name = rest[start.upperBound..<end]
            while name.last == "." { name = name.dropLast() }
            if name.isEmpty {
                text += marker
                rest = rest[start.upperBound...]
                continue
            }
            if !text.isEmpty { parts.append(.text(text)) }
            text = ""
            parts.append(.variable(String(name)))
            rest = rest[name.endIndex...]
        }
        text += rest
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_")
    }

    /// The log line for one request.
    public func render(_ record: AccessLogRecord) -> String {
        var line = ""
        line.reserveCapacity(256)
        for part in parts {
            switch part {
            case .text(let text):
                line += text
            case .variable(let name):
                Self.appendEscaped(record.value(of: name[...]) ?? "-", to: &line)
            }
        }
        return line
    }

    private static func appendEscaped(_ value: String, to line: inout String) {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            line += value
            return
        }
        line += value.jsonLiteral.dropFirst().dropLast()  // escaped as in a JSON string, without the quotes
    }
}
