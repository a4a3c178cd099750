import TurnpikeLimits

/// `GET /_turnpike/refusals` (a Turnpike extension, signed like every admin call): the invoke
/// requests this node refused today, for the console's overview.
public enum RefusalRoutes {
    /// The route, answering from `counter`.
    public static func all(counter: RefusalCounter) -> [AdminRoute] {
        [
            AdminRoute("GET", "/_turnpike/refusals", "GetRefusals") { _, context in
                try .json(counter.counts(day: UTCDay(containing: context.now)))
            },
        ]
    }
}
