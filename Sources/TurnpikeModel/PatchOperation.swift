import Foundation

/// One JSON-patch-like operation of an AWS `Update*` call (`patchOperations`).
public struct PatchOperation: Codable, Sendable, Equatable {
    /// `add`, `remove`, `replace`, `move`, `copy` or `test`.
    public var op: String
    /// The target path, e.g. `/name` or `/apiStages/abc:prod/throttle/~1pets/GET/rateLimit`.
    public var path: String
    /// The new value (always a string on the wire).
    public var value: String?
    /// The source path for `copy` and `move`.
    public var from: String?

    public init(op: String, path: String, value: String? = nil, from: String? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }

    /// The operations AWS's model allows, in the order AWS lists them in messages.
    public static let allowedOps = ["add", "remove", "move", "test", "replace", "copy"]

    /// Checks every operation's `op` against AWS's enum, with AWS's 1-based member index.
    /// - Parameter input: the model's input name, e.g. `updateApiKeyInput`.
    public static func validate(_ operations: [PatchOperation], input: String) throws {
        for (index, operation) in operations.enumerated() where !allowedOps.contains(operation.op) {
            throw GatewayError.enumeration(
                value: operation.op,
                at: "\(input).patchOperations.\(index + 1).member.op",
                allowed: allowedOps
            )
        }
    }

    /// The `Invalid patch path` refusal AWS gives for a path an operation does not support.
    public func invalidPath(mustBeOneOf allowed: [String]) -> GatewayError {
        .badRequest(
            "Invalid patch path  '\(path)' specified for op '\(op)'. Must be one of: [\(allowed.joined(separator: ", "))]"
        )
    }

    /// The operation's value, or a 400 when it is missing.
    public func requiredValue() throws -> String {
        guard let value else {
            throw GatewayError.badRequest("Invalid null value for op '\(op)' on path '\(path)'")
        }
        return value
    }

    /// The value as a boolean (`"true"`/`"false"`), as AWS parses `/enabled`.
    public func boolValue() throws -> Bool {
        switch try requiredValue().lowercased() {
        case "true": return true
        case "false": return false
        default: throw GatewayError.badRequest("Invalid value '\(value ?? "")' for boolean field on path '\(path)'")
        }
    }

    /// The value as an integer.
    public func intValue() throws -> Int {
        let raw = try requiredValue()
        guard let number = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw GatewayError.badRequest("Invalid value '\(raw)' for integer field on path '\(path)'")
        }
        return number
    }

    /// The value as a double.
    public func doubleValue() throws -> Double {
        let raw = try requiredValue()
        guard let number = Double(raw.trimmingCharacters(in: .whitespaces)), number.isFinite else {
            throw GatewayError.badRequest("Invalid value '\(raw)' for double field on path '\(path)'")
        }
        return number
    }
}
