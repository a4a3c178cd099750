import NIOCore
import Testing
@testable import TurnpikeGateway

/// The client connection's framing, driven byte by byte without a socket: pipelining, bodies,
/// chunked bodies, refusals and the read-pausing bound.
@Suite struct InvokeConnectionStateTests {
    /// A compact trace of events: `H <method> <uri>`, `B <text>`, `E`, `W`, `M`.
    func drain(_ state: inout InvokeConnectionState, limit: Int = 100) -> [String] {
        var trace: [String] = []
        for _ in 0..<limit {
            switch state.next() {
            case .head(let head): trace.append("H \(head.method) \(head.uri)")
            case .body(let buffer): trace.append("B \(String(buffer: buffer))")
            case .end: trace.append("E")
            case .malformed: trace.append("M"); return trace
            case .unsupportedCoding: trace.append("501"); return trace
            case .bodyTooLarge: trace.append("413"); return trace
            case .wait: trace.append("W"); return trace
            }
        }
        Issue.record("no wait after \(limit) events")
        return trace
    }

    @Test func pipelinedRequestsComeOutOneAtATimeInOrder() {
        var state = InvokeConnectionState()
        state.received(ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyzGET /c HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(drain(&state) == ["H GET /a", "E", "W"])
        #expect(drain(&state) == ["W"], "the next request waits for the answer")
        state.answered()
        #expect(drain(&state) == ["H POST /b", "B xyz", "E", "W"])
        state.answered()
        #expect(drain(&state) == ["H GET /c", "E", "W"])
        state.answered()
        #expect(drain(&state) == ["W"] && state.queuedBytes == 0)
    }

    @Test func headsAndBodiesSplitAcrossReadsAreReassembled() {
        var state = InvokeConnectionState()
        let text = "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789"
        var trace: [String] = []
        for byte in text.utf8 {
            state.received(ByteBuffer(bytes: [byte]))
            trace += drain(&state).filter { $0 != "W" }
        }
        #expect(trace.first == "H PUT /x" && trace.last == "E")
        #expect(trace.filter { $0.hasPrefix("B ") }.map { $0.dropFirst(2) }.joined() == "0123456789")
    }

    @Test func chunkedBodiesAreDecoded() {
        var state = InvokeConnectionState()
        state.received(ByteBuffer(string: "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n"))
        #expect(drain(&state) == ["H POST /c", "B abc", "W"])
        state.received(ByteBuffer(string: "A\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\nGET /n HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(drain(&state) == ["B 0123456789", "E", "W"])
        state.answered()
        #expect(drain(&state) == ["H GET /n", "E", "W"])
    }

    @Test(arguments: ["zz\r\n", "3\r\nabcXY", "-1\r\n", "\(String(repeating: "f", count: 16))\r\n"])
    func badChunkFramingIsMalformed(chunk: String) {
        var state = InvokeConnectionState()
        state.received(ByteBuffer(string: "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk))
        #expect(drain(&state).last == "M")
        #expect(state.isClosed)
        state.received(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(drain(&state) == ["W"], "nothing is parsed after a refusal")
    }

    @Test func malformedHeadsCloseTheConnection() {
        var state = InvokeConnectionState()
        state.received(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: h\r\nbad header\r\n\r\n"))
        #expect(drain(&state) == ["M"] && state.isClosed)
    }

    @Test func headsThatNeverEndAreRefusedAtTheLimit() {
        var state = InvokeConnectionState(maximumHeadSize: 1024)
        state.received(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: h\r\nX-Big: "))
        #expect(drain(&state) == ["W"])
        for _ in 0..<3 { state.received(ByteBuffer(string: String(repeating: "a", count: 400))) }
        #expect(drain(&state) == ["M"])
    }

    @Test func readingPausesOnlyWhenTooMuchIsQueuedBehindAnAnswer() {
        var state = InvokeConnectionState(maximumQueued: 64)
        state.received(ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(drain(&state) == ["H GET /a", "E", "W"])
        #expect(!state.shouldPauseReading)
        state.received(ByteBuffer(string: "GET /b HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(!state.shouldPauseReading, "a small queue keeps reading")
        state.received(ByteBuffer(string: String(repeating: "GET /c HTTP/1.1\r\nHost: h\r\n\r\n", count: 4)))
        #expect(state.shouldPauseReading)
        state.answered()
        #expect(!state.shouldPauseReading, "reading the next request resumes")
        #expect(drain(&state) == ["H GET /b", "E", "W"])
    }

    @Test func anEmptyBodyEndsAtOnce() {
        var state = InvokeConnectionState()
        state.received(ByteBuffer(string: "POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"))
        #expect(drain(&state) == ["H POST /e", "E", "W"])
    }

    // MARK: Timeouts (time moved by hand)

    @Test func eachPhaseHasItsTimeout() {
        let limits = ConnectionLimits(
            headTimeout: .seconds(60), bodyTimeout: .seconds(30), idleTimeout: .seconds(75), writeTimeout: .seconds(60)).nanoseconds
        let second: UInt64 = 1_000_000_000
        var state = InvokeConnectionState()
        state.opened(now: 10 * second)
        #expect(state.deadline(limits)! == (.idle, 85 * second), "a new connection is idle until its first byte")
        state.received(ByteBuffer(string: "POST /a HTTP/1.1\r\nHo"), now: 20 * second)
        #expect(state.deadline(limits)! == (.head, 80 * second), "the head timeout runs from the head's first byte")
        state.received(ByteBuffer(string: "st: x\r\n"), now: 70 * second)
        #expect(state.deadline(limits)!.at == 80 * second, "more head bytes do not move it")
        state.received(ByteBuffer(string: "Content-Length: 4\r\n\r\nab"), now: 75 * second)
        #expect(drain(&state) == ["H POST /a", "B ab", "W"])
        #expect(state.deadline(limits)! == (.body, 105 * second), "the body timeout runs from the last read")
        state.received(ByteBuffer(string: "cd"), now: 100 * second)
        #expect(drain(&state) == ["B cd", "E", "W"])
        #expect(state.deadline(limits) == nil, "no client timeout while the answer is made")
        state.answered(now: 200 * second)
        #expect(state.deadline(limits)! == (.idle, 275 * second), "kept alive: idle from the answer")
        state.received(ByteBuffer(string: "GET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c"), now: 210 * second)
        #expect(drain(&state) == ["H GET /b", "E", "W"])
        state.answered(now: 220 * second)
        #expect(state.deadline(limits)! == (.head, 280 * second), "a pipelined head's timeout starts when its turn comes")
        state.close()
        #expect(state.deadline(limits) == nil)
    }

    @Test func codingsAndChunkSizesAreRefusedFromTheirHead() {
        var state = InvokeConnectionState(maximumBodySize: 100)
        state.received(ByteBuffer(string: "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"))
        #expect(drain(&state) == ["501"])
        state = InvokeConnectionState(maximumBodySize: 100)
        state.received(ByteBuffer(string: "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n"))
        #expect(drain(&state) == ["H POST /a", "W"])
        state.received(ByteBuffer(string: String(repeating: "a", count: 64) + "\r\n30\r\n"))
        #expect(drain(&state) == ["B " + String(repeating: "a", count: 64), "413"], "64 + 48 > 100: refused before the data")
    }
}
