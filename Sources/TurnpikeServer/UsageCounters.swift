import Foundation
import Logging
import TurnpikeLimits

/// The node's usage ledger over its counter file, `<data-dir>/counters.bin` (see docs/limits.md,
/// "Counts that survive the process"). Every node has its own, PostgreSQL nodes included.
enum UsageCounters {
    /// Opens the counter file and the ledger over it; throws a ``ServerError`` sentence for a file
    /// that cannot be used.
    static func open(dataDirectory: URL) throws -> UsageLedger {
        do {
            return UsageLedger(file: try CounterFile(path: dataDirectory.appendingPathComponent("counters.bin").path))
        } catch let error as CounterFileError {
            throw ServerError(error.description)
        }
    }

    /// Settles the leases the node held when it last stopped (``LeaseSettlement``), once its usage is
    /// in the store and before the listeners open. A store that fails leaves them for the next start:
    /// the lease records keep counting in the meantime, so nothing is settled twice.
    static func settleLeases(ledger: UsageLedger, store: any QuotaStore, logger: Logger) async {
        guard let node = ledger.identity else { return }
        do {
            let reserved = try await store.nodeLeases(node: node), held = ledger.heldLeases()
            var returns = LeaseSettlement.returns(reserved: reserved, held: held)
            if ledger.machineRestarted, !returns.isEmpty {
                // The page cache may have lost the last second of consumption: returning on it could
                // hand back requests already admitted. The unused leases stay counted instead.
                logger.warning("the machine restarted since the counter file was last used; unused quota leases are not returned",
                               metadata: ["stranded": "\(requests(in: returns))"])
                returns = []
            }
            for settled in returns {
                try await store.returnQuota(planId: settled.planId, keyId: settled.keyId, lease: settled.lease)
            }
            try await store.forgetNodeLeases(node: node)
            ledger.releaseLeases()
            if !reserved.isEmpty || !held.isEmpty {
                logger.info("quota leases settled", metadata: [
                    "reserved": "\(requests(in: reserved))", "consumed": "\(held.reduce(0) { $0 + $1.consumed })",
                    "returned": "\(requests(in: returns))"])
            }
        } catch {
            logger.error("quota leases not settled; will try at the next start", metadata: ["error": "\(error)"])
        }
    }

    /// The requests `leases` add up to.
    private static func requests(in leases: [ReservedLease]) -> Int {
        leases.reduce(0) { $0 + $1.lease.count }
    }
}
