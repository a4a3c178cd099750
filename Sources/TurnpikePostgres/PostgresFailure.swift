import PostgresNIO

/// Turns PostgreSQL errors into the reason part of a start-up sentence.
///
/// `PSQLError`'s own description is generic on purpose; this picks what is safe and useful: the
/// server's message (which never echoes a password) or the underlying network error.
enum PostgresFailure {
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return reason(underlying) }
            return "\(error.code)"
        case let error as PostgresTransactionError:
            return (error.closureError ?? error.commitError ?? error.beginError).map(reason) ?? "the transaction failed"
        default:
            return "\(error)"
        }
    }
}
