/// The `<date>/<region>/<service>/aws4_request` scope a signature is valid for.
public struct CredentialScope: Sendable, Hashable, CustomStringConvertible {
    /// The fixed last component of every SigV4 scope.
    public static let terminator = "aws4_request"

    /// The `yyyyMMdd` date stamp.
    public var date: String
    /// The region, e.g. `us-east-1`.
    public var region: String
    /// The service name, e.g. `apigateway`.
    public var service: String

    /// Creates a scope.
    public init(date: String, region: String, service: String) {
        self.date = date
        self.region = region
        self.service = service
    }

    /// The scope as it appears in the string to sign: `20150830/us-east-1/service/aws4_request`.
    public var description: String {
        "\(date)/\(region)/\(service)/\(Self.terminator)"
    }
}
