/// Where quota leases are reserved: the store's side of ``QuotaLedger``.
///
/// For each key in a plan the store keeps one row for the current quota window: the window's first
/// day, a *generation* (bumped by every `UpdateUsage` grant), requests *reserved* in the window (handed
/// out as leases), and after a grant: the *granted* remaining, what was reserved when it was made,
/// and the plan's allowance it was made under. Every method runs atomically (one transaction, or one
/// statement), so nodes sharing a store can never reserve more than the window allows between them.
///
/// The rules every implementation follows (the shared store suite checks them on each store):
/// - **reserve**: if the row is missing or belongs to an earlier window, it restarts for
///   `request.window` with generation 0, no grant, and `reserved` = the key's usage already recorded
///   in the window (so a period change or a first quota keeps counting what was used). A grant made
///   under another allowance than `request.allowance` is dropped (the plan's limit changed since: the
///   new limit applies to the window's whole count); a grant without a recorded allowance holds. Then
///   `available = max(0, grant == nil ? allowance - reserved : granted - (reserved - reservedAtGrant))`,
///   `count = LeaseSizing.grant(requested: request.requested, remaining: available, nodes: request.nodes)`,
///   `reserved += count`; the answer is `(count, available - count, generation)`. A reservation for a
///   window *earlier* than the row's grants nothing.
/// - **return**: subtracts an unused lease from `reserved` (never below 0) when the row is still in the
///   lease's window and generation; otherwise does nothing.
/// - **per node**: a reservation with a `node` adds its count to the node's row for the key, window and
///   generation, in the same transaction; a return with a `node` subtracts from it (never below 0).
/// - **grant** (`UsageStore.saveGrant(_:window:)`): records the grant for `GetUsage` and sets the
///   row's grant (`granted` = `grant.remaining`, `reservedAtGrant` = `reserved`, `grant.allowance`)
///   with the generation bumped, voiding every lease handed out before; a row of an earlier window
///   restarts first (generation 1, `reserved` = the window's recorded usage).
public protocol QuotaStore: Sendable {
    /// Reserves up to `request.requested` requests of a key's quota in one window.
    func reserveQuota(_ request: QuotaReservationRequest) async throws -> QuotaReservation
    /// Hands an unused lease back (graceful shutdown, or a plan's quota changed, or settling after a
    /// crash); with a `lease.node`, the node's reserved count goes down by the same.
    func returnQuota(planId: String, keyId: String, lease: QuotaLease) async throws
    /// What the store reserved for `node` (reservations made with its name, less what it returned),
    /// by key, window and generation: a node settles these at start (``LeaseSettlement``).
    func nodeLeases(node: String) async throws -> [ReservedLease]
    /// Forgets what was reserved for `node` (its leases are settled).
    func forgetNodeLeases(node: String) async throws
}

/// A lease reserved for a node and not returned (``QuotaStore/nodeLeases(node:)``).
public struct ReservedLease: Sendable, Equatable {
    public var planId: String
    public var keyId: String
    /// The window, generation and count reserved, `node` set.
    public var lease: QuotaLease

    public init(planId: String, keyId: String, lease: QuotaLease) {
        self.planId = planId
        self.keyId = keyId
        self.lease = lease
    }
}

/// One reservation asked of a ``QuotaStore``.
public struct QuotaReservationRequest: Sendable, Equatable {
    public var planId: String
    public var keyId: String
    /// The quota window (UTC days, half-open).
    public var window: QuotaWindow
    /// What the plan allows in the window (`limit`, less `offset` in the first window).
    public var allowance: Int
    /// The lease the node asks for (``LeaseSizing/size(remaining:recentAdmitsPerSecond:nodes:)``).
    public var requested: Int
    /// Gateway nodes sharing the quota.
    public var nodes: Int
    /// The node's counter file identity when the store is to keep what it reserves for the node
    /// (``QuotaStore/nodeLeases(node:)``); empty otherwise.
    public var node: String

    public init(
        planId: String, keyId: String, window: QuotaWindow, allowance: Int, requested: Int, nodes: Int = 1, node: String = ""
    ) {
        self.node = node
        self.planId = planId
        self.keyId = keyId
        self.window = window
        self.allowance = allowance
        self.requested = requested
        self.nodes = nodes
    }
}

/// A ``QuotaStore``'s answer to a reservation.
public struct QuotaReservation: Sendable, Equatable {
    /// Requests reserved for the node (its new lease).
    public var granted: Int
    /// What is left to reserve in the window after this grant.
    public var remaining: Int
    /// The row's generation (see ``QuotaLedger/reservationCompleted(granted:remainingInStore:window:generation:now:)``).
    public var generation: UInt32

    public init(granted: Int, remaining: Int, generation: UInt32) {
        self.granted = granted
        self.remaining = remaining
        self.generation = generation
    }
}
