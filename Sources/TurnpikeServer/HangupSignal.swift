import Logging
import ServiceLifecycle
import UnixSignals

/// Keeps SIGHUP from stopping the gateway (its default action): Turnpike writes its logs to
/// standard error only, so there is no log file to reopen; the signal is logged and nothing
/// else changes (usage keeps being counted and flushed).
struct HangupSignal: Service {
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            logger.notice("SIGHUP received: logs go to standard error, nothing to reopen; still serving")
        }
    }
}
