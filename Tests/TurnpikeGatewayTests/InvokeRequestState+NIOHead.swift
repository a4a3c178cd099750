import NIOCore
import NIOHTTP1
import TurnpikeLimits
@testable import TurnpikeGateway

/// Test adapters: the unit tests describe requests with NIO's head type.
extension InvokeRequestHead {
    /// The same head parsed from NIO's type (its bytes re-serialised), for tests and adapters.
    static func parsed(_ head: HTTPRequestHead) -> InvokeRequestHead? {
        var buffer = ByteBufferAllocator().buffer(capacity: 256)
        buffer.writeString("\(head.method.rawValue) \(head.uri) HTTP/\(head.version.major).\(head.version.minor)\r\n")
        for (name, value) in head.headers { buffer.writeString("\(name): \(value)\r\n") }
        buffer.writeString("\r\n")
        guard case .head(let parsed, _) = RequestHeadParser.parse(buffer) else { return nil }
        return parsed
    }
}

extension InvokeRequestState {
    /// ``requestHead(_:identity:snapshot:limiter:now:today:hasAdmin:maximumBodySize:)`` for NIO's head type
    /// (re-serialised and parsed again; a head that does not parse stops the test).
    mutating func requestHead(_ head: HTTPRequestHead, identity: RequestIdentity, snapshot: GatewaySnapshot,
                              limiter: LimiterTable? = nil, now: UInt64 = 0, today: UTCDay = UTCDay(ordinal: 0),
                              hasAdmin: Bool, maximumBodySize: Int) -> Action {
        guard let parsed = InvokeRequestHead.parsed(head) else { fatalError("unparsable test head \(head)") }
        return requestHead(parsed, identity: identity, snapshot: snapshot, limiter: limiter, now: now, today: today,
                           hasAdmin: hasAdmin, maximumBodySize: maximumBodySize)
    }

}
