extension Configuration {
    /// The patch paths `UpdateAccount` accepts: AWS's, plus Turnpike's account-wide throttle.
    static let accountPatchPaths = ["/cloudwatchRoleArn", "/features", "/throttle/rateLimit", "/throttle/burstLimit"]

    /// `UpdateAccount`: `replace`/`remove` on `/cloudwatchRoleArn`, `add`/`remove` on `/features`
    /// (e.g. `UsagePlans`), and, Turnpike's own, `replace` on `/throttle/rateLimit` and
    /// `/throttle/burstLimit` to set the account-wide token bucket (AWS fixes it per region).
    public mutating func updateAccount(operations: [PatchOperation]) throws -> Account {
        try PatchOperation.validate(operations, input: "updateAccountInput")
        var account = self.account
        for operation in operations {
            switch (operation.path, operation.op) {
            case ("/cloudwatchRoleArn", "replace"):
                account.cloudwatchRoleArn = operation.value.nonEmptyText
            case ("/cloudwatchRoleArn", "remove"):
                account.cloudwatchRoleArn = nil
            case ("/features", "add"):
                let feature = try operation.requiredValue()
                if !account.features.contains(feature) { account.features.append(feature) }
            case ("/features", "remove"):
                let feature = try operation.requiredValue()
                account.features.removeAll { $0 == feature }
            case ("/throttle/rateLimit", "replace"):
                let rate = try operation.doubleValue()
                try ThrottleSettings(rateLimit: rate).validate(at: operation.path)
                account.throttleSettings.rateLimit = rate
            case ("/throttle/burstLimit", "replace"):
                let burst = try operation.intValue()
                try ThrottleSettings(burstLimit: burst).validate(at: operation.path)
                account.throttleSettings.burstLimit = burst
            default:
                throw operation.invalidPath(mustBeOneOf: Self.accountPatchPaths)
            }
        }
        save(account)
        return account
    }
}
