import NIOCore
import Testing
@testable import TurnpikeGateway

/// A bounded, seeded fuzz of the request framing: valid requests mutated at random (bytes flipped,
/// inserted, deleted, separators injected), fed in random splits. Nothing may crash, every event
/// must stay within the input, and the connection must end in a refusal or a wait.
@Suite struct RequestHeadFuzzTests {
    static let seeds = [
        "GET /restapis/abc/prod/_user_request_/pets/1?x=1 HTTP/1.1\r\nHost: abc.execute-api.local\r\nx-api-key: 0123456789abcdef\r\n\r\n",
        "POST /o HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: keep-alive, x-a\r\nx-a: 1\r\n\r\nhello",
        "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n5\r\nhello\r\n0\r\nT: 1\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
    ]
    static let interesting: [UInt8] = Array("\r\n :;,0fF-\t\u{7F}".utf8) + [0x00, 0x80, 0xFF]

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func mutatedRequestsNeverCrashTheFraming(seed: UInt64) {
        var random = FastRandom(seed: seed)
        for _ in 0..<400 {
            var bytes = Array(Self.seeds.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 1...6, using: &random) { mutate(&bytes, using: &random) }
            feed(bytes, using: &random)
        }
    }

    private func mutate(_ bytes: inout [UInt8], using random: inout FastRandom) {
        guard !bytes.isEmpty else { return }
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
        case 1: bytes.insert(Self.interesting.randomElement(using: &random)!, at: index)
        case 2: bytes.remove(at: index)
        case 3: bytes.insert(contentsOf: bytes[index...].prefix(12), at: index)
        default: bytes[index] = Self.interesting.randomElement(using: &random)!
        }
    }

    private func feed(_ bytes: [UInt8], using random: inout FastRandom) {
        var state = InvokeConnectionState(maximumHeadSize: 512)
        var offset = 0
        var delivered = 0
        // At most one event per byte plus a few per request: bounded.
        for _ in 0..<(bytes.count + 8) {
            if offset < bytes.count {
                let length = Int.random(in: 1...max(1, bytes.count - offset), using: &random)
                state.received(ByteBuffer(bytes: bytes[offset..<(offset + length)]))
                offset += length
            }
            events: for _ in 0..<(bytes.count * 2 + 8) {
                switch state.next() {
                case .head(let head):
                    for field in head.fields.lines {
                        #expect(field.nameStart < field.nameEnd && field.nameEnd < field.valueStart + 1)
                        #expect(Int(field.valueEnd) <= head.bytes.readableBytes)
                    }
                    #expect(!(head.chunked && head.contentLength != nil))
                case .body(let buffer):
                    delivered += buffer.readableBytes
                    #expect(delivered <= bytes.count)
                case .end:
                    state.answered()
                case .malformed, .unsupportedCoding, .bodyTooLarge:
                    #expect(state.isClosed)
                    return
                case .wait:
                    break events
                }
            }
        }
    }
}
