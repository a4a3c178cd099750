import Logging

/// Keeps a notification feed connected: runs `follow` (which returns or throws when the connection
/// is lost) again and again until the task is cancelled, pausing `interval` in between and
/// logging the first loss of a run of failures.
enum FeedConnection {
    static func keep(_ what: String, interval: Duration, logger: Logger, _ follow: () async throws -> Void) async {
        var failing = false
        while !Task.isCancelled {
            do {
                try await follow()
                failing = false
            } catch {
                if !Task.isCancelled, !failing {
                    logger.warning("\(what) lost; reconnecting", metadata: ["error": "\(error)"])
                }
                failing = true
            }
            try? await Task.sleep(for: interval)
        }
    }
}
