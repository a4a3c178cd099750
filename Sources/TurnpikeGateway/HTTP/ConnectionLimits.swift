/// The limits every connection of a listener lives under: how long a client may take at each
/// step, and how many connections may be open at once. The defaults are nginx's
/// (`client_header_timeout`, `client_body_timeout` and `send_timeout` 60 s, `keepalive_timeout` 75 s).
public struct ConnectionLimits: Sendable, Equatable {
    /// From the first byte of a request head to its end.
    public var headTimeout: Duration
    /// Between two reads of a request body.
    public var bodyTimeout: Duration
    /// A kept-alive connection with no request in progress (also a new connection before its first byte).
    public var idleTimeout: Duration
    /// A client that takes none of the answer's bytes (the socket stays unwritable) for this long is dropped.
    public var writeTimeout: Duration
    /// Open connections on the listener; one more is closed as soon as it is accepted.
    public var maximumConnections: Int

    public init(headTimeout: Duration = .seconds(60), bodyTimeout: Duration = .seconds(60), idleTimeout: Duration = .seconds(75),
                writeTimeout: Duration = .seconds(60), maximumConnections: Int = 4096) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.maximumConnections = maximumConnections
    }

    /// The timeouts in nanoseconds, as the connection state compares them.
    var nanoseconds: Nanoseconds {
        Nanoseconds(head: Self.nanoseconds(headTimeout), body: Self.nanoseconds(bodyTimeout),
                    idle: Self.nanoseconds(idleTimeout), write: Self.nanoseconds(writeTimeout))
    }

    struct Nanoseconds: Equatable {
        var head: UInt64
        var body: UInt64
        var idle: UInt64
        var write: UInt64

        /// The shortest of them: a connection's timer never sleeps longer while it cannot tell
        /// which one applies next.
        var shortest: UInt64 { min(head, body, idle, write) }
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
