/// An access key pair used to sign requests.
///
/// The secret never appears in `description`, `debugDescription` or `dump` output, so a
/// credentials value can be logged or interpolated without leaking it.
public struct SigV4Credentials: Sendable, Equatable {
    /// The public access key id, e.g. `AKIDEXAMPLE`.
    public var accessKeyID: String
    /// The secret access key; kept out of every textual representation.
    public var secretAccessKey: String

    /// Creates a key pair.
    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }
}

extension SigV4Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The access key id with the secret redacted.
    public var description: String {
        "SigV4Credentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>)"
    }

    /// Same as `description`: the secret is redacted.
    public var debugDescription: String { description }

    /// A mirror whose secret child is redacted, so `dump` does not print it.
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": accessKeyID, "secretAccessKey": "<redacted>"], displayStyle: .struct)
    }
}
