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
/// The table is open addressing over 64-byte places, one cache line each (the places are allocated
/// 64-byte aligned): a place holds the key's hash tag, its length, its first 40 bytes and its first
/// grant (the API stage, by the ordinal ``stageOrdinal(apiId:stage:)`` gives it, and the
/// ``KeyAdmission``). So a lookup reads the request's bytes as they came (no `String` is made),
/// touches one cache line of the table for a key of up to 40 bytes on the first stage it was granted
/// (longer keys read their remaining bytes, other stages their grant list), and allocates nothing.
/// What it returns, a ``KeyAdmission``, carries everything the rest of the request needs about the
/// key (its throttle slot, its usage counter), so no other table is looked up by key. Key values are
/// never printed: `description` shows counts only.
///
/// Places take 128-256 bytes per key (a power of two at least twice the keys), and the bytes of
/// values longer than 40 bytes past their 40th are kept apart.
///
/// A class: the hot path reads it through its snapshot, and a struct's copy would retain each of
/// its arrays per request.
public final class KeyTable: Sendable, CustomStringConvertible, CustomReflectable {
    /// One API stage a key may call, and the plan that lets it.
    struct Grant: Sendable {
        var stage: UInt32
        var admission: KeyAdmission
    }

    /// One place of the open-addressing table: empty (`index == 0`), or a key's `index + 1`, the
    /// high half of its hash (a tag, checked before the bytes are looked at), its length, its first
    /// ``inlineBytes`` bytes (zero-padded) and its first grant.
    struct Place {
        var tag: UInt32 = 0
        var index: UInt32 = 0
        var stage: UInt32 = .max
        var length: UInt32 = 0
        var prefix: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        /// The first grant's admission, held by ``grants``.
        var admission: Unmanaged<KeyAdmission>?
    }

    /// The places' memory: written once while the table is built, only read after.
    struct Places: @unchecked Sendable {
        let base: UnsafeMutablePointer<Place>
    }

    /// Bytes of a key value held in its place; the rest is read from ``tails``.
    static let inlineBytes = 40
    /// Where ``Place/prefix`` lies in a place.
    static let prefixOffset = 16

    /// The table: a power of two at least twice the keys.
    private let places: Places
    private let mask: Int
    /// Per key, by index: every grant, the first one also in the key's place.
    private let grants: [[Grant]]
    /// Per key, by index: where its value's bytes past the ``inlineBytes``th start in ``tails``.
    private let offsets: [Int]
    /// The bytes of key values past their ``inlineBytes``th, back to back.
    private let tails: [UInt8]
    /// The ordinal of each API stage some key may call.
    private let stages: [StageKey: UInt32]
    private let seed: UInt64

    /// A table that admits no key.
    public convenience init() {
        self.init(values: [], grants: [], stages: [:])
    }

    /// Builds the table from the configuration's API keys, usage plans and plan keys; `throttles`
    /// gives each admission its key slot (``ThrottleLayout/slot(planId:keyId:)``) and whether its
    /// plan limits each key (``KeyAdmission/limited``; without `throttles`, no slot), `metrics` its
    /// plan's (and key's) request counters.
    public convenience init(configuration: Configuration, throttles: ThrottleLayout? = nil, metrics: RequestMetrics? = nil) {
        var grantsByValue: [String: [Grant]] = [:]
        var order: [String] = []
        var admissions: [ThrottleLayout.PlanKey: KeyAdmission] = [:]
        var stages: [StageKey: UInt32] = [:]
        for (planId, keyIds) in configuration.planKeys.sorted(by: { $0.key < $1.key }) {
            guard let plan = configuration.usagePlans[planId] else { continue }
            let planRequests = metrics?.plan(plan.id)
            let planStages = plan.apiStages.map { stage in
                let key = StageKey(apiId: stage.apiId, stage: stage.stage)
                if let known = stages[key] { return known }
                let ordinal = UInt32(stages.count)
                stages[key] = ordinal
                return ordinal
            }
            for keyId in keyIds.sorted() {
                guard let key = configuration.apiKeys[keyId], key.enabled, let value = key.value, !value.isEmpty,
                      value.utf8.count <= Int(UInt32.max) else { continue }
                if grantsByValue[value] == nil { order.append(value) }
                var grants = grantsByValue[value] ?? []
                for stage in planStages where !grants.contains(where: { $0.stage == stage }) {
                    let planKey = ThrottleLayout.PlanKey(planId: plan.id, keyId: key.id)
                    let admission = admissions[planKey] ?? KeyAdmission(
                        keyId: key.id, planId: plan.id, slot: throttles?.slot(of: planKey), layout: throttles,
                        requests: planRequests, keyRequests: metrics?.key(key.id, planId: plan.id))
                    admissions[planKey] = admission
                    grants.append(Grant(stage: stage, admission: admission))
                }
                grantsByValue[value] = grants
            }
        }
        let values = order.filter { grantsByValue[$0]?.isEmpty == false }
        self.init(values: values, grants: values.map { grantsByValue[$0] ?? [] }, stages: stages)
    }

    private init(values: [String], grants: [[Grant]], stages: [StageKey: UInt32]) {
        let seed = UInt64.random(in: 1...UInt64.max)
        var capacity = 2
        while capacity < values.count * 2 { capacity *= 2 }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Place>.stride, alignment: 64)
        let places = raw.bindMemory(to: Place.self, capacity: capacity)
        places.initialize(repeating: Place(), count: capacity)
        var tails: [UInt8] = []
        var offsets: [Int] = []
        for (index, value) in values.enumerated() {
            let utf8 = Array(value.utf8)
            let hash = utf8.withUnsafeBytes { Self.hash($0, seed: seed) }
            var place = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while places[place].index != 0 { place = (place + 1) & (capacity - 1) }
            let first = grants[index][0]
            places[place] = Place(tag: UInt32(truncatingIfNeeded: hash >> 32), index: UInt32(index + 1), stage: first.stage,
                                  length: UInt32(utf8.count), admission: Unmanaged.passUnretained(first.admission))
            withUnsafeMutableBytes(of: &places[place].prefix) { prefix in
                prefix.copyBytes(from: utf8.prefix(Self.inlineBytes))
            }
            offsets.append(tails.count)
            tails.append(contentsOf: utf8.dropFirst(Self.inlineBytes))
        }
        self.places = Places(base: places)
        mask = capacity - 1
        count = values.count
        self.grants = grants
        self.offsets = offsets
        self.tails = tails
        self.stages = stages
        self.seed = seed
    }

    deinit {
        places.base.deinitialize(count: mask + 1)
        UnsafeMutableRawPointer(places.base).deallocate()
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
        let stage = stageOrdinal(apiId: apiId, stage: stage)
        return apiKey.withUTF8 { admission(apiKeyBytes: UnsafeRawBufferPointer($0), stage: stage) }
    }

    /// The ordinal the table gives an API stage (`UInt32.max` when no key may call it): what the
    /// hot path's ``admission(apiKeyBytes:stage:)`` takes (``StageSnapshot`` keeps its own).
    public func stageOrdinal(apiId: String, stage: String) -> UInt32 {
        stages[StageKey(apiId: apiId, stage: stage)] ?? .max
    }

    /// The hot path's form: the key value as the request's bytes, the stage by its ordinal.
    public func admission(apiKeyBytes value: UnsafeRawBufferPointer, stage: UInt32) -> KeyAdmission? {
        guard stage != .max, let place = find(value) else { return nil }
        let places = places.base
        if places[place].stage == stage { return places[place].admission.unsafelyUnwrapped.takeUnretainedValue() }
        for grant in grants[Int(places[place].index) - 1] where grant.stage == stage { return grant.admission }
        return nil
    }

    /// Every admission of `apiKey` whatever the stage, one per plan, in plan id order: empty for a
    /// missing, unknown or disabled key, or one in no plan that covers a stage.
    public func admissions(apiKey: String) -> [KeyAdmission] {
        var apiKey = apiKey
        guard let place = apiKey.withUTF8({ find(UnsafeRawBufferPointer($0)) }) else { return [] }
        var result: [KeyAdmission] = []
        for grant in grants[Int(places.base[place].index) - 1] where !result.contains(where: { $0 === grant.admission }) {
            result.append(grant.admission)
        }
        return result.sorted { $0.planId < $1.planId }
    }

    /// The place of the key whose value is `value`.
    func find(_ value: UnsafeRawBufferPointer) -> Int? {
        guard !value.isEmpty, count > 0 else { return nil }
        let hash = Self.hash(value, seed: seed)
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        var place = Int(truncatingIfNeeded: hash) & mask
        while places.base[place].index != 0 {
            if places.base[place].tag == tag, holds(place, value) { return place }
            place = (place + 1) & mask
        }
        return nil
    }

    /// Whether the key in `place` is `value` (its tag aside): same length, same inline prefix, same tail.
    func holds(_ place: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        let entry = places.base + place
        guard Int(entry.pointee.length) == value.count else { return false }
        let inline = min(value.count, Self.inlineBytes)
        guard memcmp(UnsafeRawPointer(entry) + Self.prefixOffset, value.baseAddress!, inline) == 0 else { return false }
        guard value.count > inline else { return true }
        return tails.withUnsafeBytes { tails in
            memcmp(tails.baseAddress! + offsets[Int(entry.pointee.index) - 1], value.baseAddress! + inline, value.count - inline) == 0
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
    /// The key's plan limits each key (``LimiterConfiguration/Plan/limitsEachKey``): only then does a
    /// request read the slot's state (the one or two cache lines a key's limits take).
    public let limited: Bool
    /// The plan's `turnpike_usage_plan_requests_total` series, when metrics are on.
    let requests: CoreMetrics.Counter?
    /// The key's `turnpike_api_key_requests_total` series, with `--metrics-per-key`.
    let keyRequests: CoreMetrics.Counter?

    init(keyId: String, planId: String, slot: Int?, layout: ThrottleLayout? = nil, requests: CoreMetrics.Counter? = nil,
         keyRequests: CoreMetrics.Counter? = nil) {
        self.slot = slot
        limited = slot.flatMap { slot in layout.map { $0.plan(ofSlot: slot).limitsEachKey } } ?? true
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
