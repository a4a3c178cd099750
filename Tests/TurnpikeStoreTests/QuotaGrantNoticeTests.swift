import Testing
import TurnpikeLimits
import TurnpikeStore

@Suite struct QuotaGrantNoticeTests {
    @Test func aNoticeRoundTripsAndGarbageIsIgnored() {
        let grant = QuotaGrant(planId: "p 1", keyId: "k-2", windowStart: UTCDay(iso: "2026-11-23")!, remaining: 42, usedAtGrant: 0)
        let notice = QuotaGrantNotice(grant: grant, generation: 7)
        #expect(QuotaGrantNotice(payload: notice.payload) == notice)
        for garbage in ["", "a\tb", "p\tk\tx\t1\t2", "p\tk\t1\t2\t-3", "p\tk\t1\t2\t3\t4"] {
            #expect(QuotaGrantNotice(payload: garbage) == nil)
        }
    }
}
