import Foundation

/// The `TURNPIKE_*` environment, read strictly: a variable that is set but does not parse stops
/// the start with an ``InvalidSetting`` naming it, instead of being ignored.
///
/// Secrets may come from files: `TURNPIKE_DATA_KEY_FILE`, `TURNPIKE_ADMIN_SECRET_ACCESS_KEY_FILE`
/// and `TURNPIKE_DATABASE_URL_FILE` name a file holding the value (a trailing newline is dropped),
/// so no secret needs to sit in the environment or on the command line.
public struct EnvironmentSettings: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The value; nil when unset or empty.
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A whole number in `range`.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        return try Self.integer(text, in: range, name: name)
    }

    /// `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off` (any case).
    public func flag(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw InvalidSetting(name, text, "must be 1, true, yes or on (0, false, no or off to turn it off)")
        }
    }

    /// A duration as ``DurationText`` reads it, above zero.
    public func duration(_ name: String) throws -> Duration? {
        guard let text = string(name) else { return nil }
        return try Self.duration(text, name: name)
    }

    /// One of `choices` (any case; returned lowercased).
    public func choice(_ name: String, _ choices: [String]) throws -> String? {
        guard let text = string(name) else { return nil }
        return try Self.choice(text, choices, name: name)
    }

    /// `name`, or the contents of the file `name_FILE` names; setting both is an error.
    public func secret(_ name: String) throws -> String? {
        let value = string(name)
        guard let path = string(name + "_FILE") else { return value }
        guard value == nil else { throw InvalidSetting("\(name) and \(name)_FILE are both set: use one") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InvalidSetting("\(name)_FILE names \(path), which cannot be read")
        }
        let trimmed = text.trimmingCharacters(in: .newlines)
        guard !trimmed.isEmpty else { throw InvalidSetting("\(name)_FILE names \(path), which is empty") }
        return trimmed
    }

    /// The `TURNPIKE_*` variables set that are not in `known` (nor their `_FILE` forms): most likely typos.
    public func unknownNames(known: Set<String>) -> [String] {
        values.keys.filter { name in
            name.hasPrefix("TURNPIKE_") && !known.contains(name)
                && !(name.hasSuffix("_FILE") && known.contains(String(name.dropLast(5))))
        }.sorted()
    }

    /// `text` as a whole number in `range`; `name` is the option or variable named in the error.
    /// A 12-digit AWS account id from the variable `name`, or nil when unset.
    public func accountId(_ name: String) throws -> String? {
        try string(name).map { try Self.accountId($0, name: name) }
    }

    /// `text` when it is an AWS account id: 12 digits.
    public static func accountId(_ text: String, name: String) throws -> String {
        guard text.count == 12, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InvalidSetting(name, text, "must be an AWS account id: 12 digits")
        }
        return text
    }

    public static func integer(_ text: String, in range: ClosedRange<Int>, name: String) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw InvalidSetting(name, text, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `text` as a duration above zero (`60s`, `500ms`, `2m` or seconds).
    public static func duration(_ text: String, name: String) throws -> Duration {
        guard let value = DurationText.parse(text), value > .zero else {
            throw InvalidSetting(name, text, "must be a duration such as 60s, 500ms or 2m")
        }
        return value
    }

    /// `text` as one of `choices`.
    public static func choice(_ text: String, _ choices: [String], name: String) throws -> String {
        guard choices.contains(text.lowercased()) else {
            throw InvalidSetting(name, text, "must be one of \(choices.joined(separator: ", "))")
        }
        return text.lowercased()
    }
}

/// A setting (an option or an environment variable) whose value cannot be used: a usage error.
public struct InvalidSetting: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    init(_ name: String, _ value: String, _ rule: String) {
        description = "\(name) \(rule) (got '\(value)')"
    }
}
