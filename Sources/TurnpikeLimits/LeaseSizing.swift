/// How many requests of a quota a node reserves in the store at a time (a *lease*).
///
/// A request is admitted only against quota already reserved in the store, so a lease is quota the
/// store counts as spent before any request uses it. The trade-off: a large lease saves round trips
/// to the store, a small one loses less when the node dies.
///
/// The rule, for a quota with `remaining` requests left in the store:
/// - the *typical* lease covers about ``horizonSeconds`` (100 ms) of the key's recent traffic, and
///   at least 1/``floorFraction`` of what remains, so a key with a large quota goes to the store
///   rarely whatever its traffic (each reservation is a store write, on the cores that serve);
///   and at most 1/``shareDivisor`` of what remains (5%), so leases shrink as the quota runs out;
///   clamped to `1...`` maximum`` `;
/// - when few remain (`remaining <= 2 × typical × nodes`), leases are of **one** request, so the last
///   requests of a quota are reserved one at a time and no node hoards them;
/// - never more than `remaining`; 0 when nothing remains.
///
/// **Bound on quota lost to a crash.** A node holds, per key, at most its current lease plus one
/// reservation in flight, each at most ``maximum``: per key at most 2 leases of `min(max(0.1 s of
/// the key's traffic, remaining / 1,000), remaining / 20, 1,000)`, so never more than 10% of what
/// remained nor `2 × maximum`, and `≤ 2` once the quota is in its tail; it never admits more than
/// the quota. A graceful stop hands the unused part back, and so does the next start after a
/// `kill -9` (settlement, from the counter file); only a lost counter file or a machine restart
/// leaves it counted.
public enum LeaseSizing {
    /// The largest lease.
    public static let maximum = 1_000

    /// How much recent traffic a typical lease covers, in seconds.
    public static let horizonSeconds = 0.1

    /// A typical lease is at least `remaining / floorFraction` (and at most ``maximum``).
    public static let floorFraction = 1_000

    /// A lease is at most `remaining / shareDivisor` (and at least 1).
    public static let shareDivisor = 20

    /// The lease a node asks for.
    /// - Parameters:
    ///   - remaining: what is left to reserve in the store for this window; `Int.max` when unknown
    ///     (the store clamps with ``grant(requested:remaining:nodes:)``).
    ///   - recentAdmitsPerSecond: the key's recent admission rate on this node.
    ///   - nodes: how many gateway nodes share the quota.
    public static func size(remaining: Int, recentAdmitsPerSecond: Double, nodes: Int = 1) -> Int {
        guard remaining > 0 else { return 0 }
        let floor = remaining == .max ? 0 : min(remaining / floorFraction, maximum)
        let typical = max(typicalLease(recentAdmitsPerSecond: recentAdmitsPerSecond), floor)
        if tail(remaining: remaining, typical: typical, nodes: nodes) { return 1 }
        let share = remaining == .max ? typical : max(1, remaining / shareDivisor)
        return min(typical, share, remaining)
    }

    /// What the store grants for a reservation of `requested`, with `remaining` left: the same rule
    /// applied on the store's side, so a node that did not know what remained cannot take the tail
    /// of the quota in one lease.
    public static func grant(requested: Int, remaining: Int, nodes: Int = 1) -> Int {
        guard remaining > 0, requested > 0 else { return 0 }
        let typical = min(max(requested, 1), maximum)
        return tail(remaining: remaining, typical: typical, nodes: nodes) ? 1 : min(typical, remaining)
    }

    /// About ``horizonSeconds`` of traffic at `recentAdmitsPerSecond`, in `1...maximum`.
    public static func typicalLease(recentAdmitsPerSecond: Double) -> Int {
        let wanted = (recentAdmitsPerSecond * horizonSeconds).rounded(.up)
        guard wanted > 1 else { return 1 }   // also NaN and negatives
        return wanted >= Double(maximum) ? maximum : Int(wanted)
    }

    private static func tail(remaining: Int, typical: Int, nodes: Int) -> Bool {
        let share = typical.multipliedReportingOverflow(by: 2 * max(1, min(nodes, 1 << 20)))
        return share.overflow || remaining <= share.partialValue
    }
}
