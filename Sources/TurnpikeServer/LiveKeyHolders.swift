import NIOCore
import TurnpikeAdmin
import TurnpikeGateway
import TurnpikeLimits

/// Checks key holders' own requests (`GET /_turnpike/self`) against the snapshot in force: the key
/// must be admitted somewhere, and its first plan's throttle (and the account's) must have a token,
/// as for an invoke request of that key. The quota is not consulted and nothing is counted.
struct LiveKeyHolders: Sendable {
    let live: LiveSnapshot

    func check(apiKey: String) -> KeyHolderCheck {
        let (snapshot, limiter) = live.currentWithLimiter
        let admissions = snapshot.keys.admissions(apiKey: apiKey)
        guard let first = admissions.first else { return .forbidden }
        if let slot = first.slot,
           case .throttled(_, let wait) = limiter.decideThrottles(slot: slot, now: NIODeadline.now().uptimeNanoseconds) {
            return .throttled(retryAfterSeconds: Int((wait + 999_999_999) / 1_000_000_000))
        }
        return .admitted(keyId: first.keyId, planIds: admissions.map(\.planId))
    }
}
