import Logging
import TurnpikeServer

/// How the `turnpike` commands log: to standard error, at `level`, as text or JSON lines.
enum CommandLogging {
    /// Bootstraps the logging system once per process and returns the commands' logger.
    static func bootstrap(level: Logger.Level, json: Bool = false) -> Logger {
        LoggingSystem.bootstrap { label in
            if json {
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "turnpike")
    }
}
