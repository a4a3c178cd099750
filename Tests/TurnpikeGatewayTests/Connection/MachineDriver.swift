import NIOCore
@testable import TurnpikeGateway

/// Drives an ``InvokeConnectionMachine`` without a socket: events go in with a manual clock, and the
/// actions that come out are kept as a compact trace (`write!` is a flushed write, `acquire #2` asks
/// for a backend connection for request 2, ...), the client's and the backend's bytes as text.
final class MachineDriver {
    static let second: UInt64 = 1_000_000_000
    var machine: InvokeConnectionMachine
    /// The manual clock, in nanoseconds.
    var now: UInt64 = 1_000 * second
    /// Every action so far, in order.
    var trace: [String] = []
    /// What the machine wrote to the client.
    var client = ""
    /// What the machine sent to the backend.
    var backend = ""
    /// The timer armed last (nil once it fired or when none was armed).
    var timer: UInt64?
    /// The serial of the last backend connection asked for.
    var acquired: UInt64?

    init(_ fixture: InvokeMachineFixture) {
        machine = InvokeConnectionMachine(environment: fixture.environment, allocator: ByteBufferAllocator(),
                                          clientAddress: "192.0.2.1")
        machine.opened(now: now)
        drain()
    }

    /// Actions since the last call, dropped from the trace.
    @discardableResult
    func take() -> [String] {
        defer { trace.removeAll() }
        return trace
    }

    func advance(seconds: UInt64) { now += seconds * Self.second }

    func receive(_ bytes: ByteBuffer) { machine.received(bytes, now: now); drain() }

    func receive(_ text: String) { receive(ByteBuffer(string: text)) }

    /// Fires the armed timer at the current time.
    func fireTimer() { timer = nil; machine.timerFired(now: now); drain() }

    func connected(reused: Bool) -> Bool {
        let accepted = machine.upstreamConnected(serial: acquired ?? 0, reused: reused)
        drain()
        return accepted
    }

    /// The backend answers `text` in one read burst (`clientWritable`: the client's socket takes more).
    func backendAnswers(_ text: String, clientWritable: Bool = true) {
        machine.upstreamRead(ByteBuffer(string: text), now: now)
        machine.upstreamReadComplete(clientWritable: clientWritable)
        drain()
    }

    func backendCloses() { machine.upstreamClosed(now: now); drain() }

    func writability(_ writable: Bool) { machine.writabilityChanged(writable, now: now); drain() }

    private func drain() {
        while let action = machine.nextAction() {
            trace.append(describe(action))
        }
    }

    private func describe(_ action: InvokeConnectionMachine.Action) -> String {
        switch action {
        case .write(let buffer, let flush):
            client += String(buffer: buffer)
            return flush ? "write!" : "write"
        case .flush: return "flush"
        case .writeAndClose(let buffer):
            client += buffer.map { String(buffer: $0) } ?? ""
            return "writeAndClose"
        case .close: return "close"
        case .pauseReading: return "pauseReading"
        case .resumeReading: return "resumeReading"
        case .armTimer(let at):
            timer = at
            return "timer +\((at - now) / Self.second)s"
        case .dispatchAdmin: return "admin"
        case .reserveQuota: return "reserveQuota"
        case .awaitQuota: return "awaitQuota"
        case .countUsage: return "countUsage"
        case .answered(_, let summary): return summary.refused ? "refused \(summary.status)" : "answered \(summary.status)"
        case .acquireUpstream(let key, _, let serial):
            acquired = serial
            return "acquire \(key.host):\(key.port) #\(serial)"
        case .sendUpstream(let head, let body):
            backend += String(buffer: head) + (body.map { String(buffer: $0) } ?? "")
            return "send"
        case .releaseUpstream(let reuse, let resume): return "release \(reuse ? "reuse" : "close")\(resume ? " resume" : "")"
        case .closeUpstream: return "closeUpstream"
        case .pauseUpstream: return "pauseUpstream"
        case .resumeUpstream: return "resumeUpstream"
        case .warnLambda(let function, let reason): return "warn \(function): \(reason)"
        case .warnUpstream(let key, let reason): return "warn \(key.host):\(key.port): \(reason)"
        }
    }
}
