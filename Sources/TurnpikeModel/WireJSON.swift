import Foundation

/// JSON coding in AWS's REST-JSON conventions, shared by the admin API and the store.
public enum WireJSON {
    /// An encoder for answers: sorted keys, so answers are stable.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// An encoder for stored records: includes entities' private fields.
    public static func storageEncoder() -> JSONEncoder {
        let encoder = encoder()
        encoder.userInfo[.turnpikeStorage] = true
        return encoder
    }

    /// Encodes a value for the wire.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder().encode(value))
    }

    /// Decodes a request body, turning every decoding failure into a 400 that says where.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], input: String) throws -> T {
        let data = bytes.isEmpty ? Data("{}".utf8) : Data(bytes)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw GatewayError(.serialization, describe(error, input: input))
        } catch {
            throw GatewayError(.serialization, "Could not parse request body into json for \(input)")
        }
    }

    private static func describe(_ error: DecodingError, input: String) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { String($0 + 1) } ?? $0.stringValue }
            return ([input] + parts).joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "Invalid type at '\(path(context))': expected \(wireName(of: type))"
        case .valueNotFound(let type, let context):
            return "Missing value at '\(path(context))': expected \(wireName(of: type))"
        case .keyNotFound(let key, let context):
            return "Missing required field '\(key.stringValue)' at '\(path(context))'"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "Could not parse request body into json: the body is not valid JSON"
            }
            return "Invalid value at '\(path(context))'"
        @unknown default:
            return "Could not parse request body into json for \(input)"
        }
    }

    private static func wireName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type: return "a number"
        default: return "an object or list"
        }
    }
}
