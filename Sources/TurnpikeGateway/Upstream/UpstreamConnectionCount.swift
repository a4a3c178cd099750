import Synchronization

/// How many backend connections the gateway holds open (in use or idle in a pool), across every
/// event loop's pool: `turnpike_upstream_connections`. Changed when a connection opens or closes,
/// never per request.
public final class UpstreamConnectionCount: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    /// The connections open now.
    public var current: Int { value.load(ordering: .relaxed) }

    func opened() { value.wrappingAdd(1, ordering: .relaxed) }

    func closed() { value.wrappingSubtract(1, ordering: .relaxed) }
}
