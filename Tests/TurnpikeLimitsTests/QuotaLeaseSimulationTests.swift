import Testing
@testable import TurnpikeLimits

/// Several nodes share one quota through a simulated store, with random arrivals, reservation
/// completions and `kill -9`s: the nodes never admit more than the quota, and what crashes strand
/// is bounded by the leases the crashed nodes held.
@Suite struct QuotaLeaseSimulationTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Node {
        var ledger = QuotaLedger(period: .day)
        var pending: (count: Int, window: UTCDay)?
        var parked = 0
    }

    struct Outcome {
        var admitted = 0
        var refused = 0
        var stranded = 0
        var remainingInStore = 0
    }

    let today = UTCDay(iso: "2026-11-25")!

    func run(seed: UInt64, quota: Int, nodeCount: Int, steps: Int, crashes: Bool) -> Outcome {
        var random = SplitMix64(state: seed)
        var nodes = [Node](repeating: Node(), count: nodeCount)
        var storeRemaining = quota
        var outcome = Outcome()
        var now: UInt64 = 1_000_000_000

        func handle(_ action: QuotaAction, node: Int) {
            switch action {
            case .admitted: outcome.admitted += 1
            case .admittedAndReserve(let count, let window):
                outcome.admitted += 1
                nodes[node].pending = (count, window)
            case .reserveAndWait(let count, let window):
                nodes[node].parked += 1
                nodes[node].pending = (count, window)
            case .waitForReservation: nodes[node].parked += 1
            case .exhausted: outcome.refused += 1
            }
        }

        func complete(_ node: Int) {
            guard let pending = nodes[node].pending else { return }
            nodes[node].pending = nil
            let granted = LeaseSizing.grant(requested: pending.count, remaining: storeRemaining, nodes: nodeCount)
            storeRemaining -= granted
            nodes[node].ledger.reservationCompleted(granted: granted, remainingInStore: storeRemaining, window: pending.window, now: now)
            let parked = nodes[node].parked
            nodes[node].parked = 0
            for _ in 0..<parked { handle(nodes[node].ledger.admit(today: today, now: now, nodes: nodeCount), node: node) }
        }

        for _ in 0..<steps {
            now += UInt64.random(in: 10_000...2_000_000, using: &random)
            let node = Int.random(in: 0..<nodeCount, using: &random)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<70:
                handle(nodes[node].ledger.admit(today: today, now: now, nodes: nodeCount), node: node)
            case 70..<99:
                complete(node)
            default:
                guard crashes else { complete(node); continue }
                // kill -9: the lease and a reservation the store may already have granted are lost.
                let held = nodes[node].ledger.unusedLease() + (nodes[node].pending?.count ?? 0)
                #expect(held <= 2 * LeaseSizing.maximum)
                outcome.stranded += nodes[node].ledger.unusedLease()
                if let pending = nodes[node].pending, Bool.random(using: &random) {
                    let granted = LeaseSizing.grant(requested: pending.count, remaining: storeRemaining, nodes: nodeCount)
                    storeRemaining -= granted
                    outcome.stranded += granted
                }
                outcome.refused += nodes[node].parked
                nodes[node] = Node()
            }
            #expect(outcome.admitted <= quota)
        }
        // Graceful shutdown: settle reservations, hand leases back.
        for node in nodes.indices {
            complete(node)
            if let lease = nodes[node].ledger.returnLease() { storeRemaining += lease.count }
        }
        outcome.remainingInStore = storeRemaining
        return outcome
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func crashesNeverOverAdmit(seed: UInt64) {
        let outcome = run(seed: seed, quota: 2_000, nodeCount: 3, steps: 20_000, crashes: true)
        #expect(outcome.admitted <= 2_000)
        // Every request of the quota is admitted, stranded by a crash, or back in the store.
        #expect(outcome.admitted + outcome.stranded + outcome.remainingInStore == 2_000)
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func withoutCrashesTheWholeQuotaIsUsed(seed: UInt64) {
        let outcome = run(seed: seed, quota: 3_000, nodeCount: 2, steps: 30_000, crashes: false)
        #expect(outcome.admitted == 3_000)
        #expect(outcome.remainingInStore == 0)
        #expect(outcome.refused > 0)
    }

    @Test func gracefulShutdownReturnsEverythingUnused() {
        let outcome = run(seed: 42, quota: 1_000_000, nodeCount: 4, steps: 5_000, crashes: false)
        #expect(outcome.admitted + outcome.remainingInStore == 1_000_000)
        #expect(outcome.refused == 0)
    }
}
