#if canImport(Glibc)
import Glibc
#endif
public import TurnpikeLimits
public import TurnpikeModel
import CoreMetrics

/// Which API key may call which API stage, through which usage plan: the key check of the hot path.
///
/// Built from the configuration's keys, plans and plan keys. Only enabled keys that belong to at
/// least one plan are kept, each with the API stages its plans cover. A key may be in several plans
/// but never in two plans that share an API stage (the admin API refuses that), so at most one plan
/// admits a key on a stage; if stored data broke that rule, the plan with the smallest id wins.
///
/// The key values live back to back in one byte array, found through an open-addressing table of
/// hash tags, so a lookup reads the request's bytes as they came (no `String` is made), touches
/// about two cache lines (the place, which holds the tag and where the value lies, and the value's
/// bytes), and allocates nothing. What it returns, a ``KeyAdmission``, carries everything the rest
/// of the request needs about the key (its throttle slot, its usage counter),
/// so no other table is looked up by key. Key values are never printed: `description` shows counts only.
///
/// A class: the hot path reads it through its snapshot, and a struct's copy would retain each of
/// its arrays per request.
public final class KeyTable: Sendable, CustomStringConvertible, CustomReflectable {
    /// One API stage a key may call, and the plan that lets it.
    struct Grant: Sendable {
        var apiId: String
        var stage: String
        var admission: KeyAdmission
    }

    /// Where a key value lies in ``bytes``.
    struct Span: Sendable {
        var offset: Int32
        var length: Int32
    }

    /// One place of the open-addressing table: empty (`index == 0`), or a key's `index + 1`, the
    /// high half of its hash (a tag, checked before the bytes are looked at) and where its value
    /// lies, so a lookup reads one place and then the value's bytes.
    struct Place: Sendable {
        var tag: UInt32 = 0
        var index: UInt32 = 0
        var span = Span(offset: 0, length: 0)
    }

    /// The table: a power of two at least twice the keys.
    private let places: [Place]
    /// Per key, by index: its first grant, and any others (most keys have one).
    private let firstGrants: [Grant]
    private let moreGrants: [[Grant]]
    /// Every key value, back to back.
    private let bytes: [UInt8]
    private let seed: UInt64

    /// A table that admits no key.
    public init() {
        places = [Place()]
        count = 0
        firstGrants = []
        moreGrants = []
        bytes = []
        seed = 0
    }

    /// Builds the table from the configuration's API keys, usage plans and plan keys; `throttles`
    /// gives each admission its key slot (``ThrottleLayout/slot(planId:keyId:)``), `metrics` its
    /// plan's (and key's) request counters.
    public init(configuration: Configuration, throttles: ThrottleLayout? = nil, metrics: RequestMetrics? = nil) {
        var grantsByValue: [String: [Grant]] = [:]
        var order: [String] = []
        var admissions: [ThrottleLayout.PlanKey: KeyAdmission] = [:]
        for (planId, keyIds) in configuration.planKeys.sorted(by: { $0.key < $1.key }) {
            guard let plan = configuration.usagePlans[planId] else { continue }
            let planRequests = metrics?.plan(plan.id)
            for keyId in keyIds.sorted() {
                guard let key = configuration.apiKeys[keyId], key.enabled, let value = key.value, !value.isEmpty else { continue }
                if grantsByValue[value] == nil { order.append(value) }
                var grants = grantsByValue[value] ?? []
                for stage in plan.apiStages where !grants.contains(where: { $0.apiId == stage.apiId && $0.stage == stage.stage }) {
                    let planKey = ThrottleLayout.PlanKey(planId: plan.id, keyId: key.id)
                    let admission = admissions[planKey] ?? KeyAdmission(
                        keyId: key.id, planId: plan.id, slot: throttles?.slot(of: planKey),
                        requests: planRequests, keyRequests: metrics?.key(key.id, planId: plan.id))
                    admissions[planKey] = admission
                    grants.append(Grant(apiId: stage.apiId, stage: stage.stage, admission: admission))
                }
                grantsByValue[value] = grants
            }
        }
        let seed = UInt64.random(in: 1...UInt64.max)
        var bytes: [UInt8] = []
        var spans: [Span] = [], firstGrants: [Grant] = [], moreGrants: [[Grant]] = [], hashes: [UInt64] = []
        for value in order {
            guard let grants = grantsByValue[value], let first = grants.first else { continue }
            let utf8 = Array(value.utf8)
            hashes.append(utf8.withUnsafeBytes { Self.hash($0, seed: seed) })
            spans.append(Span(offset: Int32(bytes.count), length: Int32(utf8.count)))
            firstGrants.append(first)
            moreGrants.append(Array(grants.dropFirst()))
            bytes.append(contentsOf: utf8)
        }
        var capacity = 2
        while capacity < hashes.count * 2 { capacity *= 2 }
        var places = [Place](repeating: Place(), count: capacity)
        for (index, hash) in hashes.enumerated() {
            var place = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while places[place].index != 0 { place = (place + 1) & (capacity - 1) }
            places[place] = Place(tag: UInt32(truncatingIfNeeded: hash >> 32), index: UInt32(index + 1), span: spans[index])
        }
        self.places = places
        count = spans.count
        self.firstGrants = firstGrants
        self.moreGrants = moreGrants
        self.bytes = bytes
        self.seed = seed
    }

    /// Admits `apiKey` (the `x-api-key` header's value) on an API stage, or refuses it: a missing,
    /// empty, unknown, disabled or deleted key, or one no plan of which covers `apiId:stage`, is
    /// ``KeyCheck/forbidden`` (AWS answers 403 `{"message":"Forbidden"}`).
    public func check(apiKey: String?, apiId: String, stage: String) -> KeyCheck {
        admission(apiKey: apiKey, apiId: apiId, stage: stage).map { .admitted(keyId: $0.keyId, planId: $0.planId) }
            ?? .forbidden
    }

    /// ``check(apiKey:apiId:stage:)``'s admission, or nil for forbidden.
    public func admission(apiKey: String?, apiId: String, stage: String) -> KeyAdmission? {
        guard var apiKey else { return nil }
        return apiKey.withUTF8 { admission(apiKeyBytes: UnsafeRawBufferPointer($0), apiId: apiId, stage: stage) }
    }

    /// The hot path's form: the key value as the request's bytes.
    public func admission(apiKeyBytes value: UnsafeRawBufferPointer, apiId: String, stage: String) -> KeyAdmission? {
        guard let index = find(value) else { return nil }
        let first = firstGrants[index]
        if first.apiId == apiId, first.stage == stage { return first.admission }
        for grant in moreGrants[index] where grant.apiId == apiId && grant.stage == stage { return grant.admission }
        return nil
    }

    /// Every admission of `apiKey` whatever the stage, one per plan, in plan id order: empty for a
    /// missing, unknown or disabled key, or one in no plan that covers a stage.
    public func admissions(apiKey: String) -> [KeyAdmission] {
        var apiKey = apiKey
        guard let index = apiKey.withUTF8({ find(UnsafeRawBufferPointer($0)) }) else { return [] }
        var result: [KeyAdmission] = []
        for grant in [firstGrants[index]] + moreGrants[index] where !result.contains(where: { $0 === grant.admission }) {
            result.append(grant.admission)
        }
        return result.sorted { $0.planId < $1.planId }
    }

    /// The index of the key whose value is `value`.
    private func find(_ value: UnsafeRawBufferPointer) -> Int? {
        guard !value.isEmpty, count > 0 else { return nil }
        let hash = Self.hash(value, seed: seed)
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        let mask = places.count - 1
        var place = Int(truncatingIfNeeded: hash) & mask
        return places.withUnsafeBufferPointer { places in
            bytes.withUnsafeBytes { bytes in
                while places[place].index != 0 {
                    let entry = places[place]
                    if entry.tag == tag, Int(entry.span.length) == value.count,
                       memcmp(bytes.baseAddress! + Int(entry.span.offset), value.baseAddress!, value.count) == 0 {
                        return Int(entry.index) - 1
                    }
                    place = (place + 1) & mask
                }
                return nil
            }
        }
    }

    /// A fast 64-bit hash of `bytes` (8 at a time, multiply and fold), seeded per table. Only the
    /// table's own keys are ever inserted, so a caller cannot fill a chain however they pick values.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var index = 0
        while index + 8 <= bytes.count {
            hash = mix(hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            tail |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        return mix(hash ^ tail ^ 0xFF51_AFD7_ED55_8CCD)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var value = value &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 32
        value = value &* 0xC4CE_B9FE_1A85_EC53
        return value ^ (value >> 29)
    }

    /// How many keys the table admits somewhere.
    public let count: Int

    public var description: String { "KeyTable(\(count) keys)" }

    /// Redacted: mirrors (`dump`, debuggers) show the count, never a key value.
    public var customMirror: Mirror { Mirror(self, children: ["count": count]) }
}

/// A key admitted on an API stage through a plan, and where its limits and usage are kept: made
/// once per key and plan when a snapshot is built, shared by every request of that key. It is the
/// key's usage counter itself (``UsageLedger/Counter``, with `keyId` and `planId`), so the hot path
/// reads the admission and counts the request in one object.
public final class KeyAdmission: UsageLedger.Counter, @unchecked Sendable {
    /// The key's slot in the snapshot's limiter table (nil when the layout does not know it).
    public let slot: Int?
    /// The plan's `turnpike_usage_plan_requests_total` series, when metrics are on.
    let requests: CoreMetrics.Counter?
    /// The key's `turnpike_api_key_requests_total` series, with `--metrics-per-key`.
    let keyRequests: CoreMetrics.Counter?

    init(keyId: String, planId: String, slot: Int?, requests: CoreMetrics.Counter? = nil, keyRequests: CoreMetrics.Counter? = nil) {
        self.slot = slot
        self.requests = requests
        self.keyRequests = keyRequests
        super.init(planId: planId, keyId: keyId)
    }

    /// Counts one admitted request in the plan's (and key's) request series.
    func countRequest() {
        requests?.increment()
        keyRequests?.increment()
    }
}

/// The outcome of ``KeyTable/check(apiKey:apiId:stage:)``.
public enum KeyCheck: Sendable, Equatable {
    /// The key may call the stage; usage counts against this key in this plan.
    case admitted(keyId: String, planId: String)
    /// 403 `ForbiddenException`.
    case forbidden
}
