import Foundation
import Logging
import TurnpikeLimits
import TurnpikeStore

/// How many quota-lease reservations per second a store serves: `tasks` concurrent callers each
/// reserving one-request leases (the worst case: a key in the tail of its quota) for keys of a
/// throw-away plan, for `duration`. Admitted requests per second the store can back is this figure
/// times the requests per lease (up to 1,000 for a key with a large quota, 1 at worst).
/// Writes rows for plan `lease-benchmark-<uuid>`: run it against a scratch database.
public enum LeaseBenchmark {
    /// What one run measured.
    public struct Result: Sendable {
        public var reservations: Int
        public var failures: Int
        public var seconds: Double
        public var perSecond: Double { Double(reservations) / max(seconds, 1e-9) }
    }

    /// Opens the store at `location` (migrating it) and runs the benchmark on it.
    public static func run(location: StoreLocation, tasks: Int, duration: Duration, logger: Logger) async throws -> Result {
        // A fixed key of its own (it seals nothing), so a scratch database can be measured again;
        // a store sealed with a real key refuses it.
        let sealer = ValueSealer(dataKey: Array(repeating: 0xBE, count: 32))
        let store = try await location.open(sealer: sealer, logger: logger)
        return await run(store: store, tasks: tasks, duration: duration)
    }

    public static func run(store: any QuotaStore, tasks: Int, duration: Duration, keys: Int = 10_000) async -> Result {
        let plan = "lease-benchmark-\(UUID().uuidString)"
        let today = UTCDay(containing: Int(Date().timeIntervalSince1970))
        let window = QuotaWindow.containing(today, period: .day)
        let started = ContinuousClock.now
        let deadline = started + duration
        let counts = await withTaskGroup(of: (Int, Int).self) { group in
            for task in 0..<max(1, tasks) {
                group.addTask {
                    var (done, failed) = (0, 0)
                    var key = task
                    // At least one each, even when a busy machine starts this task after the deadline.
                    repeat {
                        key = (key &+ 7_919) % max(1, keys)
                        let request = QuotaReservationRequest(
                            planId: plan, keyId: "k\(key)", window: window, allowance: 1_000_000_000, requested: 1)
                        do {
                            _ = try await store.reserveQuota(request)
                            done += 1
                        } catch {
                            failed += 1
                        }
                    } while ContinuousClock.now < deadline
                    return (done, failed)
                }
            }
            return await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(reservations: counts.0, failures: counts.1, seconds: seconds)
    }
}
