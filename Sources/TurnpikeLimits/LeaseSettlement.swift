/// Settling a node's leases after it stopped, however it stopped: what the store reserved for the node
/// (``QuotaStore/nodeLeases(node:)``) less what the node consumed of it (its lease records,
/// ``UsageLedger/heldLeases()``) goes back to the store. A reservation the node never heard the
/// answer to (killed while it was in flight) has nothing consumed and goes back whole.
public enum LeaseSettlement {
    /// The leases to return: for each reserved lease, its count less what was consumed in the same
    /// key, window and generation; leases with nothing left are omitted.
    public static func returns(reserved: [ReservedLease], held: [HeldLease]) -> [ReservedLease] {
        var consumed: [HeldLeaseKey: Int] = [:]
        for lease in held {
            consumed[HeldLeaseKey(lease.planId, lease.keyId, lease.window.ordinal, lease.generation), default: 0] += lease.consumed
        }
        return reserved.compactMap { reservedLease in
            var settled = reservedLease
            let key = HeldLeaseKey(reservedLease.planId, reservedLease.keyId, reservedLease.lease.window.ordinal, reservedLease.lease.generation)
            settled.lease.count = reservedLease.lease.count - consumed[key, default: 0]
            return settled.lease.count > 0 ? settled : nil
        }
    }

    private struct HeldLeaseKey: Hashable {
        let planId: String, keyId: String, window: Int, generation: UInt32
        init(_ planId: String, _ keyId: String, _ window: Int, _ generation: UInt32) {
            self.planId = planId
            self.keyId = keyId
            self.window = window
            self.generation = generation
        }
    }
}
