import Logging

/// How the `turnpike` commands log: to standard error, at `level`.
enum CommandLogging {
    /// Bootstraps the logging system once per process and returns the commands' logger.
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "turnpike")
    }
}
