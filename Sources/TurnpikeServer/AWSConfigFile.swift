/// `<data-dir>/aws-config`: an AWS CLI configuration file whose profile `turnpike` points the
/// `apigateway` commands at this gateway, so no `--endpoint-url` is needed.
struct AWSConfigFile: Equatable {
    /// The admin API's URL; a wildcard listening address is reached on loopback.
    let endpoint: String

    init(host: String, port: Int) {
        let reachable = ["0.0.0.0", "::", "[::]"].contains(host) ? "127.0.0.1" : host
        endpoint = "http://\(reachable.contains(":") && !reachable.hasPrefix("[") ? "[\(reachable)]" : reachable):\(port)"
    }

    var text: String {
        "# Written by turnpike serve at each start (the bound admin port).\n[profile turnpike]\nendpoint_url = \(endpoint)\nregion = us-east-1\n"
    }
}
