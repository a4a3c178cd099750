import Testing
@testable import TurnpikeLimits

@Suite struct LeaseSizingTests {
    @Test func nothingLeftNothingLeased() {
        #expect(LeaseSizing.size(remaining: 0, recentAdmitsPerSecond: 1_000) == 0)
        #expect(LeaseSizing.size(remaining: -3, recentAdmitsPerSecond: 1_000) == 0)
        #expect(LeaseSizing.grant(requested: 10, remaining: 0) == 0)
        #expect(LeaseSizing.grant(requested: 0, remaining: 10) == 0)
    }

    @Test func aTypicalLeaseCoversAHundredMillisecondsOfTraffic() {
        #expect(LeaseSizing.typicalLease(recentAdmitsPerSecond: 0) == 1)
        #expect(LeaseSizing.typicalLease(recentAdmitsPerSecond: 5) == 1)
        #expect(LeaseSizing.typicalLease(recentAdmitsPerSecond: 15) == 2)
        #expect(LeaseSizing.typicalLease(recentAdmitsPerSecond: 1_000) == 100)
        #expect(LeaseSizing.typicalLease(recentAdmitsPerSecond: 1e12) == 1_000)
        #expect(LeaseSizing.typicalLease(recentAdmitsPerSecond: .infinity) == 1_000)
        #expect(LeaseSizing.typicalLease(recentAdmitsPerSecond: .nan) == 1)
        #expect(LeaseSizing.typicalLease(recentAdmitsPerSecond: -4) == 1)
        #expect(LeaseSizing.size(remaining: .max, recentAdmitsPerSecond: 1_000) == 100)
    }

    @Test func aQuietKeyWithALargeQuotaLeasesAThousandthOfWhatRemains() {
        #expect(LeaseSizing.size(remaining: 1_000_000_000, recentAdmitsPerSecond: 1) == 1_000)
        #expect(LeaseSizing.size(remaining: 500_000, recentAdmitsPerSecond: 36) == 500)
        #expect(LeaseSizing.size(remaining: 100_000, recentAdmitsPerSecond: 1) == 100)
        #expect(LeaseSizing.size(remaining: 50_000, recentAdmitsPerSecond: 1) == 50)
        #expect(LeaseSizing.size(remaining: 5_000, recentAdmitsPerSecond: 300) == 30)
        // Unknown remaining (the first reservation): traffic alone decides.
        #expect(LeaseSizing.size(remaining: .max, recentAdmitsPerSecond: 0) == 1)
    }

    @Test func theTailIsReservedOneAtATime() {
        #expect(LeaseSizing.size(remaining: 200, recentAdmitsPerSecond: 1_000) == 1)
        // Past the tail, a lease is at most 5% of what remains.
        #expect(LeaseSizing.size(remaining: 201, recentAdmitsPerSecond: 1_000) == 10)
        #expect(LeaseSizing.size(remaining: 2_000, recentAdmitsPerSecond: 1_000) == 100)
        #expect(LeaseSizing.size(remaining: 600, recentAdmitsPerSecond: 1_000, nodes: 3) == 1)
        #expect(LeaseSizing.size(remaining: 601, recentAdmitsPerSecond: 1_000, nodes: 3) == 30)
        #expect(LeaseSizing.size(remaining: 1, recentAdmitsPerSecond: 0) == 1)
        #expect(LeaseSizing.size(remaining: 2, recentAdmitsPerSecond: 0) == 1)
        #expect(LeaseSizing.size(remaining: 3, recentAdmitsPerSecond: 0) == 1)
    }

    @Test(arguments: [1, 2, 5, 10, 99, 150, 2_001, 10_000, 1_000_000])
    func neverMoreThanRemainsNorThanTheMaximum(remaining: Int) {
        for rate in [0.0, 1, 10, 100, 1_000, 10_000, 1e6] {
            for nodes in [1, 2, 8] {
                let size = LeaseSizing.size(remaining: remaining, recentAdmitsPerSecond: rate, nodes: nodes)
                #expect(size >= 1 && size <= remaining && size <= LeaseSizing.maximum)
                let grant = LeaseSizing.grant(requested: size, remaining: remaining, nodes: nodes)
                #expect(grant >= 1 && grant <= size)
            }
        }
    }

    @Test func theStoreAppliesTheSameRule() {
        #expect(LeaseSizing.grant(requested: 100, remaining: 150) == 1)
        #expect(LeaseSizing.grant(requested: 100, remaining: 1_000) == 100)
        #expect(LeaseSizing.grant(requested: 5_000, remaining: 1_000_000) == 1_000)
        #expect(LeaseSizing.grant(requested: 100, remaining: 1_000, nodes: 5) == 1)
        #expect(LeaseSizing.grant(requested: .max, remaining: .max, nodes: .max) == 1_000)
    }

    @Test func lastRequestsOfAQuotaAreReservedOneAtATime() {
        // A busy node drains a quota of 10,000 through the store's grants: the leases shrink to 1
        // at the end, so what a crash can strand shrinks with what is left.
        var remaining = 10_000
        var leases: [Int] = []
        while remaining > 0 {
            let asked = LeaseSizing.size(remaining: remaining, recentAdmitsPerSecond: 5_000)
            let granted = LeaseSizing.grant(requested: asked, remaining: remaining)
            leases.append(granted)
            remaining -= granted
        }
        #expect(leases.reduce(0, +) == 10_000)
        #expect(leases.first == 500)
        // Leases shrink with what remains (5% of it), and the last 900 or so go one at a time.
        #expect(leases.suffix(900).allSatisfy { $0 == 1 })
        #expect(zip(leases, leases.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(leases.max()! <= 500)
    }
}
