import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import TurnpikeGateway

/// ``InvokeHandler`` on `EmbeddedChannel`s: the client's connection and the backend connections the
/// pool opens are both embedded channels on one manual-time loop, so the handler's translation of
/// NIO's events (reads, writability, closes, the timer) and its actions run for real, without sockets.
@Suite struct InvokeHandlerTests {
    typealias F = InvokeMachineFixture

    /// A client connection with the handler, and the backend connections it opened, in order.
    final class Harness {
        let loop: EmbeddedEventLoop
        let client: EmbeddedChannel
        let pool: UpstreamPool
        var backends: [EmbeddedChannel] = []

        init(_ fixture: F = try! F()) throws {
            loop = fixture.loop
            pool = try #require(fixture.environment.share(for: fixture.loop)?.pool)
            client = EmbeddedChannel(loop: loop)
            pool.connector = { [unowned self] key in
                let channel = EmbeddedChannel(loop: self.loop)
                let handler = UpstreamHandler()
                do {
                    try channel.pipeline.syncOperations.addHandler(handler)
                    try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: key.port)).wait()
                } catch {
                    return self.loop.makeFailedFuture(error)
                }
                self.backends.append(channel)
                return self.loop.makeSucceededFuture(UpstreamConnection(key: key, channel: channel, handler: handler))
            }
            try client.pipeline.syncOperations.addHandler(InvokeHandler(environment: fixture.environment))
            try client.connect(to: SocketAddress(ipAddress: "192.0.2.7", port: 40000)).wait()
        }

        /// Everything the handler flushed to the client so far, as text (after the loop's tick ends).
        func clientText() throws -> String {
            loop.run()
            var text = ""
            while let buffer = try client.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
            return text
        }

        /// Everything sent to backend `index` so far, as text (after the loop's tick ends).
        func backendText(_ index: Int) throws -> String {
            loop.run()
            var text = ""
            while let buffer = try backends[index].readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
            return text
        }

        /// The last `autoRead` value the handler set on `channel` (nil: never set).
        static func autoRead(_ channel: EmbeddedChannel) -> Bool? {
            channel.options.last { $0.option is ChannelOptions.Types.AutoReadOption }?.value as? Bool
        }
    }

    @Test func aProxiedAnswerComesBackAndTheConnectionIsPooled() throws {
        let harness = try Harness()
        try harness.client.writeInbound(F.request("/pets"))
        #expect(harness.backends.count == 1)
        let sent = try harness.backendText(0)
        #expect(sent.hasPrefix("GET /pets HTTP/1.1\r\n"))
        #expect(sent.contains("X-Forwarded-For: 192.0.2.7") || sent.lowercased().contains("x-forwarded-for: 192.0.2.7"))
        try harness.backends[0].writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\npets"))
        let answer = try harness.clientText()
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(answer.hasSuffix("\r\n\r\npets"))
        // The next request reuses the pooled connection.
        try harness.client.writeInbound(F.request("/pets"))
        #expect(harness.backends.count == 1)
        #expect(try harness.backendText(0).hasPrefix("GET /pets HTTP/1.1\r\n"))
    }

    @Test func flushesWaitForTheEndOfTheLoopsTick() throws {
        let harness = try Harness()
        try harness.client.writeInbound(F.request("/pets"))
        #expect(try harness.backends[0].readOutbound(as: ByteBuffer.self) == nil, "written, not flushed yet")
        #expect(try harness.backendText(0).hasPrefix("GET /pets HTTP/1.1\r\n"))
        try harness.backends[0].writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"))
        #expect(try harness.client.readOutbound(as: ByteBuffer.self) == nil, "written, not flushed yet")
        #expect(try harness.clientText().hasSuffix("\r\n\r\nok"))
    }

    @Test func theDeadlineAnswers504AndClosesTheBackendConnection() throws {
        let harness = try Harness()
        try harness.client.writeInbound(F.request("/pets"))
        harness.loop.advanceTime(by: .seconds(28))
        #expect(try harness.clientText().isEmpty)
        harness.loop.advanceTime(by: .seconds(1))
        #expect(try harness.clientText().hasPrefix("HTTP/1.1 504 "))
        #expect(!harness.backends[0].isActive)
        #expect(harness.client.isActive, "the client connection is kept")
    }

    @Test func anIdleClientIsClosedByTheTimer() throws {
        let harness = try Harness()
        harness.loop.advanceTime(by: .seconds(74))
        #expect(harness.client.isActive)
        harness.loop.advanceTime(by: .seconds(1))
        #expect(!harness.client.isActive)
    }

    @Test func aRequestOnAStalePooledConnectionIsRetriedOnAFreshOne() throws {
        let harness = try Harness()
        try harness.client.writeInbound(F.request("/pets"))
        try harness.backends[0].writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"))
        _ = try harness.clientText()
        _ = try harness.backendText(0)
        try harness.client.writeInbound(F.request("/pets"))
        #expect(try harness.backendText(0).hasPrefix("GET /pets "), "sent on the pooled connection")
        try harness.backends[0].close().wait()  // the backend had closed it meanwhile
        #expect(harness.backends.count == 2)
        #expect(try harness.backendText(1).hasPrefix("GET /pets "), "sent again on a new one")
        try harness.backends[1].writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"))
        #expect(try harness.clientText().hasSuffix("\r\n\r\nok"))
    }

    @Test func aClientThatClosesTakesItsBackendConnectionWithIt() throws {
        let harness = try Harness()
        try harness.client.writeInbound(F.request("/pets"))
        try harness.client.close().wait()
        #expect(!harness.backends[0].isActive)
    }

    @Test func aFullClientSocketPausesTheBackendAndResumesIt() throws {
        let harness = try Harness()
        try harness.client.writeInbound(F.request("/pets"))
        harness.client.isWritable = false
        harness.client.pipeline.fireChannelWritabilityChanged()
        try harness.backends[0].writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\nabcd"))
        #expect(Harness.autoRead(harness.backends[0]) == false)
        harness.client.isWritable = true
        harness.client.pipeline.fireChannelWritabilityChanged()
        #expect(Harness.autoRead(harness.backends[0]) == true)
        try harness.backends[0].writeInbound(ByteBuffer(string: "efgh"))
        #expect(try harness.clientText().hasSuffix("\r\n\r\nabcdefgh"))
    }

    @Test func tooMuchPipelinedInputPausesReadingTheClient() throws {
        let harness = try Harness()
        var bytes = F.request("/pets")
        while bytes.readableBytes <= 128 * 1024 + 1024 {
            var next = F.request("/")
            bytes.writeBuffer(&next)
        }
        try harness.client.writeInbound(bytes)
        #expect(Harness.autoRead(harness.client) == false)
        try harness.backends[0].writeInbound(ByteBuffer(string: "HTTP/1.1 204 No Content\r\n\r\n"))
        #expect(Harness.autoRead(harness.client) == true)
        let answers = try harness.clientText()
        #expect(answers.hasPrefix("HTTP/1.1 204 No Content\r\n"))
        #expect(answers.components(separatedBy: "HTTP/1.1 200 OK").count > 100)
    }

    @Test func aSlowReaderIsDroppedAfterTheWriteTimeout() throws {
        let harness = try Harness()
        try harness.client.writeInbound(F.request("/"))
        harness.client.isWritable = false
        harness.client.pipeline.fireChannelWritabilityChanged()
        harness.loop.advanceTime(by: .seconds(59))
        #expect(harness.client.isActive)
        harness.loop.advanceTime(by: .seconds(1))
        #expect(!harness.client.isActive)
    }
}
