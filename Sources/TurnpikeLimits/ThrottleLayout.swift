import TurnpikeModel

/// How the configuration's throttles map onto a ``LimiterTable``: one key slot per key in each plan,
/// per-plan method indices for the plans' `apiStages[].throttle` entries, and stage-method slots for
/// the stages' `methodSettings` (`res/METHOD` and `*/*`), and each plan's quota (period, limit,
/// offset and the day it was first set), which the table's quota ledgers and the store's leases follow.
/// A class: requests read it through their snapshot, where a struct's copy would retain every table.
public final class ThrottleLayout: Sendable {
    /// A key in a plan.
    public struct PlanKey: Hashable, Sendable {
        public var planId: String
        public var keyId: String

        public init(planId: String, keyId: String) {
            self.planId = planId
            self.keyId = keyId
        }
    }

    /// A method of a plan's API stage: `methodKey` is `/res/path/METHOD`.
    struct PlanMethod: Hashable, Sendable {
        var planId: String
        var apiId: String
        var stage: String
        var methodKey: String
    }

    /// A stage's method setting: `methodKey` is `/res/path/METHOD`, or `*/*`.
    public struct StageMethod: Hashable, Sendable {
        public var apiId: String
        public var stage: String
        public var methodKey: String

        public init(apiId: String, stage: String, methodKey: String) {
            self.apiId = apiId
            self.stage = stage
            self.methodKey = methodKey
        }
    }

    public let configuration: LimiterConfiguration
    /// Each slot's key, by slot number.
    public let slotKeys: [PlanKey]
    /// Each stage-method slot's setting, by slot number.
    public let stageMethodKeys: [StageMethod]
    private let slots: [PlanKey: Int]
    private let planMethods: [PlanMethod: Int]
    private let stageMethods: [StageMethod: Int]

    public init(configuration: Configuration) {
        var plans: [LimiterConfiguration.Plan] = []
        var planIndex: [String: Int] = [:]
        var planMethods: [PlanMethod: Int] = [:]
        for plan in configuration.usagePlans.values.sorted(by: { $0.id < $1.id }) {
            var throttles: [ThrottleSettings] = []
            for stage in plan.apiStages {
                for (raw, settings) in (stage.throttle ?? [:]).sorted(by: { $0.key < $1.key }) {
                    guard let key = MethodThrottleKey(raw) else { continue }
                    planMethods[PlanMethod(planId: plan.id, apiId: stage.apiId, stage: stage.stage, methodKey: key.canonical)] = throttles.count
                    throttles.append(settings)
                }
            }
            planIndex[plan.id] = plans.count
            let quota = plan.quota.flatMap { $0.quotaPeriod != nil && $0.limit != nil ? $0 : nil }
            plans.append(LimiterConfiguration.Plan(
                throttle: plan.throttle, methodThrottles: throttles, quota: quota,
                quotaStartDay: quota == nil ? nil : plan.quotaStartDate.map(UTCDay.init(containing:))))
        }
        var slotKeys: [PlanKey] = []
        var slotPlans: [Int32] = []
        for (planId, keyIds) in configuration.planKeys.sorted(by: { $0.key < $1.key }) {
            guard let index = planIndex[planId] else { continue }
            for keyId in keyIds.sorted() {
                slotKeys.append(PlanKey(planId: planId, keyId: keyId))
                slotPlans.append(Int32(index))
            }
        }
        var stageMethodKeys: [StageMethod] = []
        var stageThrottles: [ThrottleSettings] = []
        for (apiId, document) in configuration.restApis.sorted(by: { $0.key < $1.key }) {
            for (name, stage) in document.stages.sorted(by: { $0.key < $1.key }) {
                for (raw, setting) in stage.methodSettings.sorted(by: { $0.key < $1.key }) {
                    let methodKey = raw == "*/*" ? raw : (MethodThrottleKey("/" + raw)?.canonical ?? raw)
                    stageMethodKeys.append(StageMethod(apiId: apiId, stage: name, methodKey: methodKey))
                    stageThrottles.append(setting.throttle)
                }
            }
        }
        self.configuration = LimiterConfiguration(
            plans: plans, slotPlans: slotPlans, stageMethods: stageThrottles, account: configuration.account.throttleSettings)
        self.slotKeys = slotKeys
        self.stageMethodKeys = stageMethodKeys
        self.slots = Dictionary(uniqueKeysWithValues: slotKeys.enumerated().map { ($1, $0) })
        self.planMethods = planMethods
        self.stageMethods = Dictionary(uniqueKeysWithValues: stageMethodKeys.enumerated().map { ($1, $0) })
    }

    /// The slot of a key in a plan.
    public func slot(planId: String, keyId: String) -> Int? { slots[PlanKey(planId: planId, keyId: keyId)] }

    /// The plan of a key slot.
    public func plan(ofSlot slot: Int) -> LimiterConfiguration.Plan {
        configuration.plans[Int(configuration.slotPlans[slot])]
    }

    /// The slot of a plan key, by its identity (for carrying bucket state across snapshots).
    public func slot(of key: PlanKey) -> Int? { slots[key] }

    /// The stage-method slot of a setting, by its identity.
    public func slot(of key: StageMethod) -> Int? { stageMethods[key] }

    /// The plan's per-method throttle index for a method of an API stage, if the plan sets one.
    public func planMethod(planId: String, apiId: String, stage: String, methodKey: String) -> Int? {
        planMethods.isEmpty ? nil : planMethods[PlanMethod(planId: planId, apiId: apiId, stage: stage, methodKey: methodKey)]
    }

    /// The stage's throttle slot for a method: its own `res/METHOD` setting, else `*/*`, else nil.
    public func stageMethod(apiId: String, stage: String, methodKey: String) -> Int? {
        guard !stageMethods.isEmpty else { return nil }
        return stageMethods[StageMethod(apiId: apiId, stage: stage, methodKey: methodKey)]
            ?? stageMethods[StageMethod(apiId: apiId, stage: stage, methodKey: "*/*")]
    }
}
