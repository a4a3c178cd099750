import Foundation
import TurnpikeStore

/// The admin API's access key pair: from the environment, or from `<data-dir>/credentials`
/// (the AWS shared-credentials format, profile `turnpike`), generated on first start: written and
/// read by ``SecretFile`` (mode 0600, `O_EXCL|O_NOFOLLOW`, a symbolic link is never followed).
public struct AdminCredentials: Sendable, CustomStringConvertible {
    public let accessKeyID: String
    let secretAccessKey: String
    /// The file the pair was read from or written to; nil when it came from the environment.
    public let file: URL?
    /// True when this start generated the pair.
    public let generated: Bool

    /// Redacted: never shows the secret.
    public var description: String { "AdminCredentials(accessKeyID: \(accessKeyID))" }

    /// The secret, for the signature verifier only.
    public var secret: String { secretAccessKey }

    /// Resolves the admin credentials for a data directory.
    public static func resolve(accessKeyID: String?, secretAccessKey: String?, dataDirectory: URL) throws -> AdminCredentials {
        switch (accessKeyID.flatMap { $0.isEmpty ? nil : $0 }, secretAccessKey.flatMap { $0.isEmpty ? nil : $0 }) {
        case let (id?, secret?):
            return AdminCredentials(accessKeyID: id, secretAccessKey: secret, file: nil, generated: false)
        case (nil, nil):
            break
        default:
            throw ServerError("Set both TURNPIKE_ADMIN_ACCESS_KEY_ID and TURNPIKE_ADMIN_SECRET_ACCESS_KEY, or neither")
        }
        let file = dataDirectory.appendingPathComponent("credentials")
        if let text = try SecretFile.read(file) {
            guard let pair = parse(text) else {
                throw ServerError("\(file.path) has no [turnpike] profile with aws_access_key_id and aws_secret_access_key")
            }
            return AdminCredentials(accessKeyID: pair.0, secretAccessKey: pair.1, file: file, generated: false)
        }
        let id = "TP" + random(18, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let secret = random(40, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        try SecretFile.write(
            "[turnpike]\naws_access_key_id = \(id)\naws_secret_access_key = \(secret)\n", to: file)
        return AdminCredentials(accessKeyID: id, secretAccessKey: secret, file: file, generated: true)
    }

    /// Reads the `[turnpike]` profile of a shared-credentials file.
    static func parse(_ text: String) -> (String, String)? {
        var inProfile = false
        var id: String?
        var secret: String?
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") {
                inProfile = trimmed == "[turnpike]"
                continue
            }
            guard inProfile, let equals = trimmed.firstIndex(of: "=") else { continue }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if name == "aws_access_key_id" { id = value }
            if name == "aws_secret_access_key" { secret = value }
        }
        guard let id, let secret, !id.isEmpty, !secret.isEmpty else { return nil }
        return (id, secret)
    }

    private static func random(_ count: Int, from alphabet: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters.randomElement(using: &generator)! })
    }
}
