/// One node's view of one key's quota in one usage plan: a state machine that takes events and
/// returns actions, and never does I/O.
///
/// A request is admitted only against a *lease*: requests already reserved in the store for the
/// current window. The ledger holds the lease, whether a reservation is in flight, what the store
/// said remains, and a little history to size the next lease (``LeaseSizing``). So the node never
/// admits more than the store handed out, even across crashes: a `kill -9` loses at most the unused
/// lease (and one reservation in flight), and the store counts those as used.
///
/// Driving it, for each request that passed the throttles (see ``QuotaAction``):
/// ```swift
/// switch ledger.admit(today: wallClockDay, now: monotonicNanos) {
/// case .admitted: forward()
/// case .admittedAndReserve(let count, let window): forward(); reserveInStore(count, window)
/// case .reserveAndWait(let count, let window): park(); reserveInStore(count, window)
/// case .waitForReservation: park()
/// case .exhausted: reply429LimitExceeded()
/// }
/// // when the store answers, under the same lock:
/// ledger.reservationCompleted(granted: g, remainingInStore: r, window: w, generation: gen, now: now)
/// // then call `admit` again for each parked request, in order.
/// ```
///
/// Windows are UTC calendar periods (``QuotaWindow``). A day that falls in a later window rolls the
/// ledger over and voids the old lease (the store keeps it counted in the old window); a day in an
/// earlier window (the wall clock stepped back) counts as the current one.
///
/// A store *generation* changes when an administrator resets what remains (`UpdateUsage`
/// `/remaining`): leases from older generations are void. Raising or lowering a plan's limit keeps
/// the count and the generation; the node hands its lease back and asks the store again
/// (``limitsChanged()``), so a new limit applies to the next request.
///
/// "Exhausted" is not forever: when the store said nothing remains, the ledger asks it again (one
/// request, parked) at most once per ``recheckNanoseconds``, which picks up leases other nodes
/// handed back and grants it was not told about. The ledger is 32 bytes.
public struct QuotaLedger: Sendable, Equatable {
    /// Monotonic nanoseconds when the last reservation completed (start of the rate estimate).
    private var leaseStartedAt: UInt64 = 0
    /// Ordinal of the current window's first day; `Int32.min` before the first request.
    private var windowStart: Int32 = .min
    /// The store generation the lease belongs to.
    public private(set) var generation: UInt32 = 0
    /// Requests reserved in the store and not yet admitted.
    private var lease: UInt32 = 0
    /// Requests admitted since the last reservation completed.
    private var admittedSinceLease: UInt32 = 0
    /// What the store said remains to reserve in the window (saturated); -1 when not heard yet.
    private var remaining: Int32 = -1
    /// The last lease granted, capped: prefetch starts when the lease falls to half of it (rounded down).
    private var lastLeaseSize: UInt16 = 0
    /// Days in the current window (0 before the first request).
    private var windowDays: UInt8 = 0
    /// Bit 0: a reservation is in flight; bits 1–2: the period; bit 3: the reservation in flight was
    /// asked under limits that have since changed (its `remaining` is stale).
    private var flags: UInt8

    /// How long an exhausted ledger waits before asking the store again.
    public static let recheckNanoseconds: UInt64 = 1_000_000_000

    /// A ledger with no window yet: the first request reserves.
    public init(period: QuotaPeriod) {
        flags = Self.bits(for: period)
    }

    /// The quota's period.
    public var period: QuotaPeriod {
        switch (flags >> 1) & 3 {
        case 0: return .day
        case 1: return .week
        default: return .month
        }
    }

    /// The current window, nil before the first request.
    public var window: QuotaWindow? {
        guard windowStart != .min else { return nil }
        let start = UTCDay(ordinal: Int(windowStart))
        return QuotaWindow(start: start, end: start + Int(windowDays))
    }

    /// True while a reservation is in flight.
    public var isReserving: Bool { flags & 1 != 0 }

    /// What the store last said remains to reserve in the window; nil when not heard in this window.
    public var remainingInStore: Int? { remaining < 0 ? nil : Int(remaining) }

    /// Requests reserved in the store and not yet admitted.
    public func unusedLease() -> Int { Int(lease) }

    /// Decides one request that passed the throttles.
    /// - Parameters:
    ///   - today: the UTC day of the wall clock.
    ///   - now: monotonic nanoseconds, for the traffic estimate that sizes leases.
    ///   - nodes: gateway nodes sharing the quota (see ``LeaseSizing``).
    public mutating func admit(today: UTCDay, now: UInt64, nodes: Int = 1) -> QuotaAction {
        let day = today.ordinal &- Int(windowStart)
        if day < 0 || day >= Int(windowDays) { windowChanged(today: today) }
        if lease > 0 {
            lease -= 1
            if admittedSinceLease < .max { admittedSinceLease += 1 }
            if !isReserving, remaining != 0, lease <= UInt32(lastLeaseSize) >> 1 {
                let count = nextLeaseSize(now: now, nodes: nodes)
                if count > 0 {
                    flags |= 1
                    return .admittedAndReserve(count: count, window: UTCDay(ordinal: Int(windowStart)))
                }
            }
            return .admitted
        }
        if remaining == 0 {
            guard !isReserving, now &- leaseStartedAt >= Self.recheckNanoseconds else { return .exhausted }
            flags |= 1
            return .reserveAndWait(count: 1, window: UTCDay(ordinal: Int(windowStart)))
        }
        if isReserving { return .waitForReservation }
        flags |= 1
        return .reserveAndWait(count: max(1, nextLeaseSize(now: now, nodes: nodes)), window: UTCDay(ordinal: Int(windowStart)))
    }

    /// The store answered a reservation made for `window`.
    /// - Parameters:
    ///   - granted: requests reserved for this node (added to the lease).
    ///   - remainingInStore: what is left to reserve in the window after this grant.
    ///   - generation: the store's generation for the window; a newer one voids the old lease, an
    ///     older one voids this grant (an administrator reset the quota while it was in flight).
    ///   - now: monotonic nanoseconds.
    /// A grant for a window the ledger has left is void: the store keeps it counted there.
    public mutating func reservationCompleted(granted: Int, remainingInStore: Int, window: UTCDay, generation: UInt32 = 0, now: UInt64) {
        guard window.ordinal == Int(windowStart) else { return }
        let stale = flags & 8 != 0
        flags &= ~9
        guard generation >= self.generation else { return }
        if generation > self.generation {
            self.generation = generation
            lease = 0
        }
        let granted = UInt32(clamping: max(0, granted))
        lease = lease.addingReportingOverflow(granted).overflow ? .max : lease + granted
        remaining = stale ? -1 : Int32(clamping: max(0, remainingInStore))
        lastLeaseSize = UInt16(clamping: granted)
        leaseStartedAt = now
        admittedSinceLease = 0
    }

    /// The reservation for `window` failed (the store was unreachable). Parked requests should be
    /// answered with an error rather than retried at once; the next request reserves again.
    public mutating func reservationFailed(window: UTCDay) {
        guard window.ordinal == Int(windowStart) else { return }
        flags &= ~9
    }

    /// The plan's quota limit or offset changed: hands back the unused lease (the caller returns it to
    /// the store) and forgets what the store said remains, so the next request reserves under the new
    /// limit. A reservation in flight still adds its grant, but its `remaining` is ignored.
    /// - Returns: the lease to return, nil when there is none.
    public mutating func limitsChanged() -> QuotaLease? {
        remaining = -1
        if isReserving { flags |= 8 }
        return returnLease()
    }

    /// The store's quota for `window` changed outside a reservation: an `UpdateUsage` grant (a new
    /// `generation`: the lease is void), a plan limit change, or leases returned by other nodes (same
    /// generation: the lease stays). Ignored for other windows and older generations.
    public mutating func storeChanged(remainingInStore: Int, window: UTCDay, generation: UInt32) {
        guard window.ordinal == Int(windowStart), generation >= self.generation else { return }
        if generation > self.generation {
            self.generation = generation
            lease = 0
        }
        remaining = Int32(clamping: max(0, remainingInStore))
    }

    /// Moves to the window containing `today` if it is later than the current one; the old lease is
    /// void (the store keeps it counted in the old window).
    /// - Returns: the requests of the lease that were voided.
    @discardableResult
    public mutating func windowChanged(today: UTCDay) -> Int {
        let next = QuotaWindow.containing(today, period: period)
        guard windowStart == .min || next.start.ordinal > Int(windowStart) else { return 0 }
        let voided = Int(lease)
        windowStart = Int32(clamping: next.start.ordinal)
        windowDays = UInt8(clamping: next.end.ordinal - next.start.ordinal)
        lease = 0
        remaining = -1
        generation = 0
        lastLeaseSize = 0
        flags &= ~9
        return voided
    }

    /// Hands back the unused lease on graceful shutdown: the caller returns it to the store (which
    /// ignores it if the window or generation moved on). Nil when there is nothing to return.
    public mutating func returnLease() -> QuotaLease? {
        guard lease > 0, windowStart != .min else { return nil }
        defer { lease = 0 }
        return QuotaLease(window: UTCDay(ordinal: Int(windowStart)), count: Int(lease), generation: generation)
    }

    private func nextLeaseSize(now: UInt64, nodes: Int) -> Int {
        let elapsed = now > leaseStartedAt ? now - leaseStartedAt : 0
        let seconds = max(Double(elapsed) / 1e9, 0.001)
        let rate = Double(admittedSinceLease) / seconds
        return LeaseSizing.size(remaining: remaining < 0 ? .max : Int(remaining), recentAdmitsPerSecond: rate, nodes: nodes)
    }

    private static func bits(for period: QuotaPeriod) -> UInt8 {
        switch period {
        case .day: return 0
        case .week: return 2
        case .month: return 4
        }
    }
}

/// What the quota says about one request (see ``QuotaLedger/admit(today:now:nodes:)``).
public enum QuotaAction: Sendable, Equatable {
    /// Admitted against the lease.
    case admitted
    /// Admitted, and the lease is running low: reserve `count` more in the store for the window
    /// starting `window`, then call ``QuotaLedger/reservationCompleted(granted:remainingInStore:window:generation:now:)``.
    case admittedAndReserve(count: Int, window: UTCDay)
    /// The lease is empty: hold the request, reserve `count` in the store for `window`, and decide the
    /// request again once the reservation completes.
    case reserveAndWait(count: Int, window: UTCDay)
    /// The lease is empty and a reservation is in flight: hold the request and decide it again once
    /// the reservation completes.
    case waitForReservation
    /// Nothing is left in this window: 429 `{"message":"Limit Exceeded"}`. Nothing was counted.
    case exhausted
}

/// An unused lease handed back (graceful shutdown, a quota change, settling after a crash).
public struct QuotaLease: Sendable, Equatable {
    /// First day of the window the lease was reserved in.
    public var window: UTCDay
    /// Requests reserved and not used.
    public var count: Int
    /// The store generation it was reserved under.
    public var generation: UInt32
    /// The node it was reserved for (its counter file identity), empty when the store does not keep it
    /// per node.
    public var node: String

    public init(window: UTCDay, count: Int, generation: UInt32, node: String = "") {
        self.node = node
        self.window = window
        self.count = count
        self.generation = generation
    }
}
