import Testing
@testable import TurnpikeLimits

@Suite struct QuotaLedgerTests {
    let ms: UInt64 = 1_000_000
    let t0: UInt64 = 9_000_000_000_000
    func day(_ text: String) -> UTCDay { UTCDay(iso: text)! }

    /// A ledger for a DAY quota on 2026-11-25 holding a lease of `lease` (store has `remaining` left).
    func leased(_ lease: Int, remaining: Int, period: QuotaPeriod = .day, today: String = "2026-11-25") -> QuotaLedger {
        var ledger = QuotaLedger(period: period)
        guard case .reserveAndWait(_, let window) = ledger.admit(today: day(today), now: t0) else {
            Issue.record("a fresh ledger must reserve")
            return ledger
        }
        ledger.reservationCompleted(granted: lease, remainingInStore: remaining, window: window, now: t0)
        return ledger
    }

    @Test func theFirstRequestWaitsForAReservationAndOthersWaitWithIt() {
        var ledger = QuotaLedger(period: .day)
        #expect(ledger.window == nil)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .reserveAndWait(count: 1, window: day("2026-11-25")))
        #expect(ledger.isReserving)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .waitForReservation)
        ledger.reservationCompleted(granted: 1, remainingInStore: 99, window: day("2026-11-25"), now: t0 + ms)
        #expect(!ledger.isReserving && ledger.unusedLease() == 1 && ledger.remainingInStore == 99)
        // The parked request is decided again: it uses the lease, which ran out, so it prefetches.
        #expect(ledger.admit(today: day("2026-11-25"), now: t0 + ms) == .admittedAndReserve(count: 1, window: day("2026-11-25")))
    }

    @Test func admitsAgainstTheLeaseAndPrefetchesAtHalf() {
        var ledger = leased(10, remaining: 100_000)
        for _ in 0..<4 { #expect(ledger.admit(today: day("2026-11-25"), now: t0 + ms) == .admitted) }
        // Five left of ten: prefetch, sized by the traffic since the lease came (5 in 1 ms: 5,000/s).
        #expect(ledger.admit(today: day("2026-11-25"), now: t0 + ms) == .admittedAndReserve(count: 500, window: day("2026-11-25")))
        #expect(ledger.unusedLease() == 5)
        for _ in 0..<5 { #expect(ledger.admit(today: day("2026-11-25"), now: t0 + ms) == .admitted) }
        #expect(ledger.admit(today: day("2026-11-25"), now: t0 + ms) == .waitForReservation)
        ledger.reservationCompleted(granted: 500, remainingInStore: 99_500, window: day("2026-11-25"), now: t0 + 2 * ms)
        #expect(ledger.unusedLease() == 500)
    }

    @Test func theStoreSayingNothingIsLeftExhaustsTheWindow() {
        var ledger = leased(0, remaining: 0)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .exhausted)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .exhausted)
        #expect(ledger.unusedLease() == 0 && !ledger.isReserving)
    }

    @Test func theLastLeaseIsUsedThenExhaustedWithoutAskingAgain() {
        var ledger = leased(3, remaining: 0)
        for _ in 0..<3 { #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .admitted) }
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .exhausted)
    }

    @Test func aNewWindowVoidsTheLeaseAndReserves() {
        var ledger = leased(50, remaining: 0)
        #expect(ledger.admit(today: day("2026-11-26"), now: t0) == .reserveAndWait(count: 1, window: day("2026-11-26")))
        #expect(ledger.unusedLease() == 0)
        // The answer to a reservation for the old window is void.
        ledger.reservationCompleted(granted: 7, remainingInStore: 7, window: day("2026-11-25"), now: t0)
        #expect(ledger.unusedLease() == 0 && ledger.isReserving)
        ledger.reservationCompleted(granted: 1, remainingInStore: 9, window: day("2026-11-26"), now: t0)
        #expect(ledger.unusedLease() == 1)
    }

    @Test func windowChangedReportsWhatWasVoided() {
        var ledger = leased(12, remaining: 5, period: .week)
        #expect(ledger.window == QuotaWindow(start: day("2026-11-23"), end: day("2026-11-30")))
        #expect(ledger.windowChanged(today: day("2026-11-29")) == 0)
        #expect(ledger.unusedLease() == 12)
        #expect(ledger.windowChanged(today: day("2026-11-30")) == 12)
        #expect(ledger.window == QuotaWindow(start: day("2026-11-30"), end: day("2026-12-07")))
        #expect(ledger.remainingInStore == nil)
    }

    @Test func aWallClockSteppingBackStaysInTheCurrentWindow() {
        var ledger = leased(4, remaining: 10, period: .month, today: "2026-12-01")
        #expect(ledger.admit(today: day("2026-11-30"), now: t0) == .admitted)
        #expect(ledger.window?.start == day("2026-12-01"))
        #expect(ledger.window?.end == day("2027-01-01"))
    }

    @Test func monthWindowsRollOnTheFirst() {
        var ledger = leased(4, remaining: 10, period: .month, today: "2024-02-29")
        #expect(ledger.window == QuotaWindow(start: day("2024-02-01"), end: day("2024-03-01")))
        #expect(ledger.admit(today: day("2024-02-01"), now: t0) == .admitted)
        if case .reserveAndWait(_, let window) = ledger.admit(today: day("2024-03-01"), now: t0) {
            #expect(window == day("2024-03-01"))
        } else {
            Issue.record("March must reserve")
        }
    }

    @Test func aGrantWithANewGenerationVoidsTheLeaseAtOnce() {
        var ledger = leased(40, remaining: 500)
        ledger.storeChanged(remainingInStore: 0, window: day("2026-11-25"), generation: 1)
        #expect(ledger.unusedLease() == 0 && ledger.generation == 1)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .exhausted)
        ledger.storeChanged(remainingInStore: 20, window: day("2026-11-25"), generation: 2)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .reserveAndWait(count: 1, window: day("2026-11-25")))
        // An older generation's answer (reserved before the grant) is void; a newer one's counts.
        ledger.reservationCompleted(granted: 5, remainingInStore: 15, window: day("2026-11-25"), generation: 1, now: t0)
        #expect(ledger.unusedLease() == 0 && !ledger.isReserving)
        ledger.storeChanged(remainingInStore: 99, window: day("2026-11-25"), generation: 1)
        #expect(ledger.remainingInStore == 20)
    }

    @Test func aReservationAnsweredUnderANewerGenerationReplacesTheLease() {
        var ledger = leased(6, remaining: 100)
        _ = ledger.admit(today: day("2026-11-25"), now: t0)
        _ = ledger.admit(today: day("2026-11-25"), now: t0)
        _ = ledger.admit(today: day("2026-11-25"), now: t0)   // 3 left: prefetch started
        #expect(ledger.isReserving)
        ledger.reservationCompleted(granted: 4, remainingInStore: 10, window: day("2026-11-25"), generation: 3, now: t0)
        #expect(ledger.unusedLease() == 4 && ledger.generation == 3)
    }

    @Test func sameGenerationChangesKeepTheLease() {
        var ledger = leased(0, remaining: 0)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .exhausted)
        // Another node returned its lease, or the plan's limit went up: the count is kept.
        ledger.storeChanged(remainingInStore: 8, window: day("2026-11-25"), generation: 0)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .reserveAndWait(count: 1, window: day("2026-11-25")))
        ledger.storeChanged(remainingInStore: 8, window: day("2026-11-24"), generation: 5)
        #expect(ledger.generation == 0)
    }

    @Test func aFailedReservationLetsTheNextRequestTryAgain() {
        var ledger = QuotaLedger(period: .day)
        _ = ledger.admit(today: day("2026-11-25"), now: t0)
        ledger.reservationFailed(window: day("2026-11-24"))
        #expect(ledger.isReserving)
        ledger.reservationFailed(window: day("2026-11-25"))
        #expect(!ledger.isReserving)
        #expect(ledger.admit(today: day("2026-11-25"), now: t0) == .reserveAndWait(count: 1, window: day("2026-11-25")))
    }

    @Test func unusedLeasesGoBackOnShutdown() {
        var ledger = leased(9, remaining: 100)
        _ = ledger.admit(today: day("2026-11-25"), now: t0)
        #expect(ledger.returnLease() == QuotaLease(window: day("2026-11-25"), count: 8, generation: 0))
        #expect(ledger.unusedLease() == 0)
        #expect(ledger.returnLease() == nil)
        var fresh = QuotaLedger(period: .day)
        #expect(fresh.returnLease() == nil)
    }

    @Test func leasesGrowWithTrafficAndShrinkInTheTail() {
        var ledger = leased(1, remaining: 5_000)
        // 1 admit in 10 ms: 100/s, a 10-request lease (also the floor: 5,000 / 1,000 = 5).
        #expect(ledger.admit(today: day("2026-11-25"), now: t0 + 10 * ms) == .admittedAndReserve(count: 10, window: day("2026-11-25")))
        ledger.reservationCompleted(granted: 10, remainingInStore: 150, window: day("2026-11-25"), now: t0 + 10 * ms)
        for _ in 0..<4 { #expect(ledger.admit(today: day("2026-11-25"), now: t0 + 11 * ms) == .admitted) }
        // 5 admits in 1 ms would want 500, but only 150 remain: the tail goes one at a time.
        #expect(ledger.admit(today: day("2026-11-25"), now: t0 + 11 * ms) == .admittedAndReserve(count: 1, window: day("2026-11-25")))
        #expect(ledger.unusedLease() == 5)
    }

    @Test func isSmall() {
        #expect(MemoryLayout<QuotaLedger>.size <= 32)
        #expect(QuotaLedger(period: .week).period == .week)
        #expect(QuotaLedger(period: .month).period == .month)
        #expect(QuotaLedger(period: .day).period == .day)
    }
}

@Suite struct QuotaLedgerLimitChangeTests {
    let ms: UInt64 = 1_000_000
    let t0: UInt64 = 9_000_000_000_000
    let today = UTCDay(iso: "2026-11-25")!

    @Test func aLimitChangeHandsTheLeaseBackAndAsksTheStoreAgain() {
        var ledger = QuotaLedger(period: .day)
        _ = ledger.admit(today: today, now: t0)
        ledger.reservationCompleted(granted: 5, remainingInStore: 0, window: today, now: t0)
        #expect(ledger.limitsChanged() == QuotaLease(window: today, count: 5, generation: 0))
        #expect(ledger.remainingInStore == nil && ledger.unusedLease() == 0)
        #expect(ledger.admit(today: today, now: t0 + ms) == .reserveAndWait(count: 1, window: today))
    }

    @Test func aReservationInFlightDuringALimitChangeKeepsItsGrantButNotItsRemaining() {
        var ledger = QuotaLedger(period: .day)
        _ = ledger.admit(today: today, now: t0)
        #expect(ledger.limitsChanged() == nil)
        // Asked under the old limit: "nothing left after this" is stale, the grant is real.
        ledger.reservationCompleted(granted: 1, remainingInStore: 0, window: today, now: t0)
        #expect(ledger.remainingInStore == nil && ledger.unusedLease() == 1)
        // What remains is unknown again, so using the lease asks the store at once.
        guard case .admittedAndReserve = ledger.admit(today: today, now: t0 + ms) else {
            Issue.record("expected a prefetch"); return
        }
        #expect(ledger.admit(today: today, now: t0 + ms) == .waitForReservation)
    }

    @Test func anExhaustedLedgerAsksAgainOncePerSecond() {
        var ledger = QuotaLedger(period: .day)
        _ = ledger.admit(today: today, now: t0)
        ledger.reservationCompleted(granted: 0, remainingInStore: 0, window: today, now: t0)
        #expect(ledger.admit(today: today, now: t0 + 999 * ms) == .exhausted)
        #expect(ledger.admit(today: today, now: t0 + 1_000 * ms) == .reserveAndWait(count: 1, window: today))
        #expect(ledger.admit(today: today, now: t0 + 1_000 * ms) == .exhausted)
        // Another node handed leases back: the store grants one.
        ledger.reservationCompleted(granted: 1, remainingInStore: 3, window: today, now: t0 + 1_001 * ms)
        #expect(ledger.admit(today: today, now: t0 + 1_001 * ms) == .admittedAndReserve(count: 1, window: today))
    }
}
