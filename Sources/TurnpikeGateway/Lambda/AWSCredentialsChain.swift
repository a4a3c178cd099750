/// AWS credentials for signing Lambda Invoke calls. No textual form (`description`,
/// `debugDescription`, `dump`) shows the secret or the token.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// The session token of temporary credentials (`X-Amz-Security-Token`).
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "AWSCredentials(accessKeyID: \(accessKeyID), secret and token redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyID": accessKeyID], displayStyle: .struct) }
}

/// Where credentials come from, in the AWS SDKs' order: the environment (`AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), then the profile (`AWS_PROFILE`, else
/// `AWS_DEFAULT_PROFILE`, else `default`) of the shared credentials file
/// (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), then of the config file
/// (`AWS_CONFIG_FILE`, else `~/.aws/config`, where the section is `[profile name]` except
/// `[default]`). A value with its inputs given: the caller reads the environment and files.
public struct AWSCredentialsChain: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The files the chain reads, in order, each with the section it looks in.
    public var files: [(path: String, section: String)] {
        let home = environment["HOME"] ?? ""
        let profile = environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
        return [
            (environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials", profile),
            (environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config", profile == "default" ? "default" : "profile \(profile)"),
        ]
    }

    /// The first credentials found; `read` returns a file's text (nil when it cannot be read).
    public func resolve(read: (String) -> String?) -> AWSCredentials? {
        if let id = environment["AWS_ACCESS_KEY_ID"].nonEmpty, let secret = environment["AWS_SECRET_ACCESS_KEY"].nonEmpty {
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"].nonEmpty)
        }
        for (path, section) in files {
            guard let text = read(path), let values = Self.section(section, of: text) else { continue }
            if let id = values["aws_access_key_id"].nonEmpty, let secret = values["aws_secret_access_key"].nonEmpty {
                return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: values["aws_session_token"].nonEmpty)
            }
        }
        return nil
    }

    /// The `name = value` pairs of `[section]` in an INI file (names lowercased; `#` and `;` lines are comments).
    static func section(_ section: String, of text: String) -> [String: String]? {
        var values: [String: String]?
        var inSection = false
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmed
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                inSection = trimmed.dropFirst().dropLast().trimmed == section
                if inSection, values == nil { values = [:] }
                continue
            }
            guard inSection, let equals = trimmed.firstIndex(of: "=") else { continue }
            values?[String(trimmed[..<equals].trimmed).lowercased()] = String(trimmed[trimmed.index(after: equals)...].trimmed)
        }
        return values
    }
}

extension Optional<String> {
    fileprivate var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}

extension StringProtocol {
    fileprivate var trimmed: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
