import Foundation

/// What an `AWS_PROXY` integration answers, read from the function's result:
/// `{"statusCode": 200, "headers": {...}, "multiValueHeaders": {...}, "body": "...", "isBase64Encoded": false}`.
///
/// As AWS does for REST APIs: `statusCode` is required (a number, or a string of one); `body` is a
/// string (base64 when `isBase64Encoded`); header values of both maps are sent, a name's
/// `headers` value after its `multiValueHeaders` ones unless it repeats one of them. Anything
/// else (not an object, another key, a wrong type) is malformed: the caller answers 502.
struct LambdaProxyResponse: Equatable {
    var statusCode: Int
    var headers: [Header]
    var body: [UInt8]

    struct Header: Equatable {
        var name: String
        var value: String
    }

    /// The response in `json`, or nil when it is malformed. An `isBase64Encoded` body is decoded
    /// when `decodesBase64` says so for the answer's `Content-Type` (the API's `binaryMediaTypes`
    /// decide); otherwise it is sent as the base64 text the function wrote, as AWS sends it.
    init?(json: [UInt8], decodesBase64: (_ contentType: String?) -> Bool = { _ in true }) {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(json)) else { return nil }
        guard let status = wire.statusCode?.statusCode, (100...599).contains(status) else { return nil }
        statusCode = status
        var headers: [Header] = []
        for name in (wire.multiValueHeaders ?? [:]).keys.sorted() {
            for value in wire.multiValueHeaders![name]! { headers.append(Header(name: name, value: value.text)) }
        }
        for name in (wire.headers ?? [:]).keys.sorted() {
            let text = wire.headers![name]!.text
            if !headers.contains(where: { $0.name.lowercased() == name.lowercased() && $0.value == text }) {
                headers.append(Header(name: name, value: text))
            }
        }
        guard headers.allSatisfy({ Self.isToken($0.name) && !$0.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) }) else {
            return nil
        }
        self.headers = headers
        let contentType = headers.last { $0.name.lowercased() == "content-type" }?.value
        if wire.isBase64Encoded == true, let text = wire.body, decodesBase64(contentType) {
            guard let bytes = Base64.decode(text) else { return nil }
            body = bytes
        } else {
            body = Array((wire.body ?? "").utf8)
        }
    }

    /// The JSON as it must be; a missing or null member decodes as nil.
    private struct Wire: Decodable {
        var statusCode: Scalar?
        var headers: [String: Scalar]?
        var multiValueHeaders: [String: [Scalar]]?
        var body: String?
        var isBase64Encoded: Bool?

        private struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        static let keys: Set<String> = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]

        init(from decoder: any Decoder) throws {
            let members = try decoder.container(keyedBy: AnyKey.self)
            guard members.allKeys.allSatisfy({ Self.keys.contains($0.stringValue) }) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unexpected member"))
            }
            func value<T: Decodable>(_ name: String) throws -> T? {
                try members.decodeIfPresent(T.self, forKey: AnyKey(stringValue: name))
            }
            statusCode = try value("statusCode")
            headers = try value("headers")
            multiValueHeaders = try value("multiValueHeaders")
            body = try value("body")
            isBase64Encoded = try value("isBase64Encoded")
        }
    }

    /// A JSON string, number or boolean.
    private enum Scalar: Decodable {
        case text(String)
        case flag(Bool)
        case number(Double)

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let text = try? value.decode(String.self) {
                self = .text(text)
            } else if let flag = try? value.decode(Bool.self) {
                self = .flag(flag)
            } else {
                self = .number(try value.decode(Double.self))
            }
        }

        /// The value as a header's text (AWS writes numbers and booleans as text too).
        var text: String {
            switch self {
            case .text(let text): text
            case .flag(let flag): flag ? "true" : "false"
            case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            }
        }

        /// An integral number, or a string of one.
        var statusCode: Int? {
            switch self {
            case .text(let text): Int(text)
            case .number(let number): number == number.rounded() && abs(number) < 10_000 ? Int(number) : nil
            case .flag: nil
            }
        }
    }

    /// An HTTP field name (RFC 9110 token).
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"\"(),/:;<=>?@[\\]{}".utf8.contains(byte)
        }
    }
}
