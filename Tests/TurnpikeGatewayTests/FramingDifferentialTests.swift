import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import TurnpikeGateway

/// A seeded differential fuzz of request framing: the invoke path's own parser
/// (``InvokeConnectionState``) and NIO's llhttp-based `HTTPRequestDecoder` read the same bytes and
/// must reach the same decision for the first request: accepted (same method, target and body),
/// refused, or waiting for more. The differences that remain are deliberate, each one stricter
/// on the gateway's side, and listed in ``Deliberate`` (and docs/threat_model.md).
@Suite("Framing differential")
struct FramingDifferentialTests {
    enum Decision: Equatable {
        case accepted(method: String, uri: String, body: [UInt8])
        case refused
        case incomplete
    }

    /// Where the gateway is stricter than llhttp on purpose.
    enum Deliberate: String, CaseIterable {
        /// HTTP/1.1 without exactly one valid `Host` (RFC 9112 §3.2): 400.
        case host
        /// A transfer coding besides one `chunked` (`gzip, chunked`): the gateway decodes none, 501.
        case codings
        /// A bare LF, a NUL or junk where RFC 9112's chunk extensions or trailers are expected: 400.
        case chunkSyntax
        /// Whitespace or a bare LF where the request line or a header line allows none.
        case lineSyntax
        /// A head is judged once its blank line arrived (or refused by its size or time limit),
        /// where llhttp may refuse a bad byte as soon as it sees it.
        case judgedAtHeadEnd
    }

    @Test(arguments: [11, 12, 13, 14, 15, 16, 17, 18] as [UInt64])
    func bothParsersDecideAlike(seed: UInt64) throws {
        var random = FastRandom(seed: seed)
        var agreed = 0
        for _ in 0..<500 {
            var bytes = Self.request(using: &random)
            if Int.random(in: 0..<3, using: &random) > 0 { Self.mutate(&bytes, using: &random) }
            let ours = Self.gateway(bytes)
            let theirs = Self.llhttp(bytes)
            if ours == theirs {
                agreed += 1
                continue
            }
            let reason = Self.deliberate(bytes, ours: ours, theirs: theirs)
            #expect(reason != nil, "differ on \(String(decoding: bytes, as: UTF8.self).debugDescription): ours \(ours), llhttp \(theirs)")
        }
        #expect(agreed > 250, "most inputs must be decided alike (\(agreed) of 500)")
    }

    // MARK: Inputs

    static func request(using random: inout FastRandom) -> [UInt8] {
        let method = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"].randomElement(using: &random)!
        let version = Int.random(in: 0..<8, using: &random) == 0 ? "HTTP/1.0" : "HTTP/1.1"
        var text = "\(method) /restapis/a/s/_user_request_/p\(Int.random(in: 0..<100, using: &random))?q=1 \(version)\r\n"
        text += "Host: a.example:80\r\n"
        if Bool.random(using: &random) { text += "x-api-key: k\(Int.random(in: 0..<1000, using: &random))\r\n" }
        if Bool.random(using: &random) { text += "Accept: */*\r\nUser-Agent: fuzz/1.0\r\n" }
        let body = String(repeating: "b", count: Int.random(in: 0..<40, using: &random))
        switch Int.random(in: 0..<3, using: &random) {
        case 0 where body.isEmpty:
            text += "\r\n"
        case 0, 1:
            text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        default:
            text += "Transfer-Encoding: chunked\r\n\r\n"
            var rest = Substring(body)
            while !rest.isEmpty {
                let size = min(rest.count, Int.random(in: 1...16, using: &random))
                let ext = Bool.random(using: &random) ? ";e=v" : ""
                text += String(size, radix: 16) + ext + "\r\n" + rest.prefix(size) + "\r\n"
                rest = rest.dropFirst(size)
            }
            text += "0\r\n" + (Bool.random(using: &random) ? "T: 1\r\n" : "") + "\r\n"
        }
        return Array(text.utf8)
    }

    static let interesting: [UInt8] = Array("\r\n :;,0fF-\t\u{7F}\"=".utf8) + [0x00, 0x80, 0xFF]

    static func mutate(_ bytes: inout [UInt8], using random: inout FastRandom) {
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
        case 1: bytes.insert(interesting.randomElement(using: &random)!, at: index)
        case 2: bytes.remove(at: index)
        default: bytes[index] = interesting.randomElement(using: &random)!
        }
    }

    // MARK: The two parsers

    static func gateway(_ bytes: [UInt8]) -> Decision {
        var state = InvokeConnectionState(maximumBodySize: 1 << 20)
        state.received(ByteBuffer(bytes: bytes))
        var head: InvokeRequestHead?
        var body: [UInt8] = []
        for _ in 0..<(bytes.count + 4) {
            switch state.next() {
            case .head(let parsed): head = parsed
            case .body(let buffer): body += Array(buffer.readableBytesView)
            case .end: return head.map { .accepted(method: $0.method, uri: $0.uri, body: body) } ?? .refused
            case .malformed, .unsupportedCoding, .bodyTooLarge: return .refused
            case .wait: return .incomplete
            }
        }
        return .incomplete
    }

    static func llhttp(_ bytes: [UInt8]) -> Decision {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)))
        defer { _ = try? channel.finish() }
        // An error about bytes after the first message (read as a second request) does not undo it.
        let failed = (try? channel.writeInbound(ByteBuffer(bytes: bytes))) == nil
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let parsed): head = parsed
            case .body(let buffer): body += Array(buffer.readableBytesView)
            case .end: return head.map { .accepted(method: $0.method.rawValue, uri: $0.uri, body: body) } ?? .refused
            }
        }
        return failed ? .refused : .incomplete
    }

    // MARK: The deliberate differences

    /// Why the gateway may refuse what llhttp takes (never the other way round), or nil.
    static func deliberate(_ bytes: [UInt8], ours: Decision, theirs: Decision) -> Deliberate? {
        if ours == .incomplete, theirs == .refused { return .judgedAtHeadEnd }
        guard ours == .refused, theirs != .refused else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let headEnd = text.range(of: "\r\n\r\n")?.lowerBound ?? text.endIndex
        let head = text[..<headEnd]
        let lines = head.components(separatedBy: "\r\n")
        let hosts = lines.dropFirst().filter { $0.lowercased().hasPrefix("host:") }
        if (lines.first?.hasSuffix("HTTP/1.1") ?? false) && hosts.count != 1 { return .host }
        for host in hosts {
            let value = host.dropFirst(5).trimmingCharacters(in: .whitespaces)
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            let name = parts[0].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-".contains($0)) }
            let port = parts.count == 1 || (parts.count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isNumber })
            if !name || !port { return .host }
        }
        let coding = lines.first { $0.lowercased().hasPrefix("transfer-encoding:") }
        if let coding, coding.lowercased() != "transfer-encoding: chunked" { return .codings }
        if head.contains("\n") && head.replacingOccurrences(of: "\r\n", with: "").contains("\n") { return .lineSyntax }
        if let requestLine = lines.first, requestLine.split(separator: " ", omittingEmptySubsequences: false).count != 3 {
            return .lineSyntax
        }
        if lines.contains(where: { $0.contains("\0") || $0.contains("\r") || $0.contains("\u{7F}") }) { return .lineSyntax }
        if coding != nil { return .chunkSyntax }
        return nil
    }
}
