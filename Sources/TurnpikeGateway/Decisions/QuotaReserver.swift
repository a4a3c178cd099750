import NIOCore
import Synchronization
import TurnpikeLimits

/// Reserves quota leases in the store for the invoke path, and wakes the requests parked on them.
///
/// The limiter table decides; this type does what its quota decisions ask:
/// - ``reserve(_:count:window:waiter:)`` for `admittedAndReserve` (no waiter: the request went on)
///   and `reserveAndWait` (the request waits for the answer);
/// - ``await(_:waiter:)`` for `waitForReservation`.
///
/// When the store answers, the grant is applied to whichever limiter table is current (keys are
/// resolved to slots then, not when the reservation started) and every request parked on the key is
/// decided again, in arrival order: admitted, refused (`Limit Exceeded`), or still waiting (a further
/// reservation is started). Parking happens under the same lock as waking, so no request can park
/// after the answer it was waiting for went out. A store that fails answers the parked requests
/// ``QuotaVerdict/unavailable`` at once; the next request tries again.
public final class QuotaReserver: Sendable {
    /// How a parked request learns its fate; called on an arbitrary thread.
    public typealias Waiter = @Sendable (QuotaVerdict) -> Void

    private struct State {
        var waiters: [ThrottleLayout.PlanKey: [Waiter]] = [:]
        /// Leases being handed back, by key: a reservation for the key waits for them first.
        var returning: [ThrottleLayout.PlanKey: Task<Void, Never>] = [:]
        /// Reservations in flight, so a graceful stop can wait for their grants before handing back.
        var reserving: [UInt64: Task<Void, Never>] = [:]
        var nextReservation: UInt64 = 0
    }

    private let live: LiveSnapshot
    private let store: any QuotaStore
    private let clock: WallClock
    /// With a counter file: where lease consumption is kept, so the store reserves per node
    /// (``LeaseSettlement``).
    private let leases: UsageLedger?
    private let state = Mutex(State())

    public init(live: LiveSnapshot, store: any QuotaStore, clock: WallClock = .system, leases: UsageLedger? = nil) {
        self.live = live
        self.store = store
        self.clock = clock
        self.leases = leases
    }

    /// The node name reservations and returns carry ("" when leases are not kept per node).
    private var node: String { leases?.identity ?? "" }

    /// Starts a reservation of `count` for the window starting `window`; `waiter`, when given, is
    /// woken with the request's verdict once the store answered.
    public func reserve(_ key: ThrottleLayout.PlanKey, count: Int, window: UTCDay, waiter: Waiter?) {
        let prior = state.withLock { state -> Task<Void, Never>? in
            if let waiter { state.waiters[key, default: []].append(waiter) }
            return state.returning[key]
        }
        let (snapshot, _) = live.currentWithLimiter
        guard let slot = snapshot.throttles.slot(of: key) else {
            complete(key, window: window, result: .failure(QuotaReserverError.keyGone))
            return
        }
        let plan = snapshot.throttles.plan(ofSlot: slot)
        guard let period = plan.quotaPeriod, let allowance = plan.allowance(window: window) else {
            complete(key, window: window, result: .failure(QuotaReserverError.keyGone))
            return
        }
        let request = QuotaReservationRequest(
            planId: key.planId, keyId: key.keyId, window: QuotaWindow.containing(window, period: period),
            allowance: allowance, requested: count, nodes: live.nodes,
            node: leases?.prepareLease(planId: key.planId, keyId: key.keyId) == true ? node : "")
        let store = self.store
        state.withLock { state in
            let id = state.nextReservation
            state.nextReservation += 1
            state.reserving[id] = Task {
                await prior?.value
                let result: Result<QuotaReservation, any Error>
                do {
                    let reservation = try await store.reserveQuota(request)
                    self.leases?.leaseGranted(
                        planId: key.planId, keyId: key.keyId, window: window, generation: reservation.generation)
                    result = .success(reservation)
                } catch {
                    result = .failure(error)
                }
                self.complete(key, window: window, result: result)
                _ = self.state.withLock { $0.reserving.removeValue(forKey: id) }
            }
        }
    }

    /// Parks a request whose decision was `waitForReservation`: it is decided again now, under the
    /// lock that wakes parked requests, and parked only if a reservation is still in flight.
    public func await(_ key: ThrottleLayout.PlanKey, waiter: @escaping Waiter) {
        let decision = state.withLock { state -> LimiterDecision? in
            let (snapshot, table) = live.currentWithLimiter
            guard let slot = snapshot.throttles.slot(of: key) else { return nil }
            let decision = table.retryQuota(slot: slot, now: NIODeadline.now().uptimeNanoseconds, today: clock.today)
            switch decision {
            case .waitForReservation, .reserveAndWait:
                state.waiters[key, default: []].append(waiter)
            default:
                break
            }
            return decision
        }
        switch decision {
        case nil, .quotaExceeded:
            waiter(.exhausted)
        case .admitted, .throttled:
            waiter(.admitted)
        case .admittedAndReserve(let count, let window):
            waiter(.admitted)
            reserve(key, count: count, window: window, waiter: nil)
        case .reserveAndWait(let count, let window):
            reserve(key, count: count, window: window, waiter: nil)
        case .waitForReservation:
            break
        }
    }

    /// An administrator's grant (`UpdateUsage`) is stored: the key's lease from older generations is
    /// void and what remains is the grant, from the next request on.
    public func granted(_ grant: QuotaGrant, generation: UInt32) {
        let key = ThrottleLayout.PlanKey(planId: grant.planId, keyId: grant.keyId)
        live.withStableLimiter { snapshot, table in
            guard let slot = snapshot.throttles.slot(of: key) else { return }
            table.storeChanged(slot: slot, remainingInStore: grant.remaining, window: grant.windowStart, generation: generation)
        }
    }

    /// Hands leases back to the store (a plan's quota changed, or the gateway is stopping). A later
    /// reservation for the same key waits for its return.
    public func returnLeases(_ leases: [(ThrottleLayout.PlanKey, QuotaLease)]) {
        for (key, unnamed) in leases {
            var named = unnamed
            named.node = node
            let lease = named, store = self.store
            state.withLock { state in
                let prior = state.returning[key]
                state.returning[key] = Task {
                    await prior?.value
                    try? await store.returnQuota(planId: key.planId, keyId: key.keyId, lease: lease)
                }
            }
        }
    }

    /// Takes every unused lease out of the current table and returns them, waiting until the store
    /// has them (graceful shutdown).
    public func returnAllLeases() async {
        // Grants still on their way are part of what goes back (a few rounds: a grant can wake a
        // parked request that reserves again).
        for _ in 0..<8 {
            let inFlight = state.withLock { Array($0.reserving.values) }
            if inFlight.isEmpty { break }
            for task in inFlight { await task.value }
        }
        let (snapshot, table) = live.currentWithLimiter
        returnLeases(table.returnLeases().map { (snapshot.throttles.slotKeys[$0.slot], $0.lease) })
        let pending = state.withLock { state in
            defer { state.returning.removeAll() }
            return Array(state.returning.values)
        }
        for task in pending { await task.value }
    }

    /// The store answered (or failed) a reservation for `key`: apply it and decide the parked requests.
    private func complete(_ key: ThrottleLayout.PlanKey, window: UTCDay, result: Result<QuotaReservation, any Error>) {
        var verdicts: [(Waiter, QuotaVerdict)] = []
        var followUp: (count: Int, window: UTCDay)?
        state.withLock { state in
            live.withStableLimiter { snapshot, table in
                let now = NIODeadline.now().uptimeNanoseconds
                let slot = snapshot.throttles.slot(of: key)
                if let slot {
                    switch result {
                    case .success(let reservation):
                        table.reservationCompleted(
                            slot: slot, granted: reservation.granted, remainingInStore: reservation.remaining,
                            window: window, generation: reservation.generation, now: now)
                    case .failure:
                        table.reservationFailed(slot: slot, window: window)
                    }
                }
                var waiting: [Waiter] = []
                for waiter in state.waiters.removeValue(forKey: key) ?? [] {
                    guard let slot else { verdicts.append((waiter, .exhausted)); continue }
                    if case .failure = result { verdicts.append((waiter, .unavailable)); continue }
                    switch table.retryQuota(slot: slot, now: now, today: clock.today) {
                    case .admitted, .throttled:
                        verdicts.append((waiter, .admitted))
                    case .admittedAndReserve(let count, let window):
                        verdicts.append((waiter, .admitted))
                        followUp = (count, window)
                    case .quotaExceeded:
                        verdicts.append((waiter, .exhausted))
                    case .reserveAndWait(let count, let window):
                        waiting.append(waiter)
                        followUp = (count, window)
                    case .waitForReservation:
                        waiting.append(waiter)
                    }
                }
                if !waiting.isEmpty { state.waiters[key] = waiting }
            }
        }
        for (waiter, verdict) in verdicts { waiter(verdict) }
        if let followUp { reserve(key, count: followUp.count, window: followUp.window, waiter: nil) }
    }

    /// Requests parked on reservations, for tests and metrics.
    public var parkedRequests: Int { state.withLock { $0.waiters.values.reduce(0) { $0 + $1.count } } }
}

/// What a parked request learns.
public enum QuotaVerdict: Sendable, Equatable {
    /// Admitted against a lease.
    case admitted
    /// Nothing is left in the window: 429 `Limit Exceeded`.
    case exhausted
    /// The store could not be asked: the request is refused, the next one asks again.
    case unavailable
}

/// Why a reservation was not sent to the store.
enum QuotaReserverError: Error {
    /// The key left the plan, or the plan lost its quota, while the request waited.
    case keyGone
}
