import NIOCore
import NIOEmbedded
import Testing
@testable import TurnpikeGateway

/// ``FlushBatch`` on embedded channels: flushes asked for during a tick go out when the loop runs
/// its tasks, all in one.
@Suite struct FlushBatchTests {
    /// A handler whose context the tests write through.
    final class Writer: ChannelOutboundHandler, RemovableChannelHandler {
        typealias OutboundIn = ByteBuffer
    }

    static func channel(_ loop: EmbeddedEventLoop) throws -> (EmbeddedChannel, ChannelHandlerContext) {
        let channel = EmbeddedChannel(loop: loop)
        try channel.pipeline.syncOperations.addHandler(Writer())
        return (channel, try channel.pipeline.syncOperations.context(handlerType: Writer.self))
    }

    @Test func flushesGoOutTogetherWhenTheTickEnds() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(eventLoop: loop)
        let (first, firstContext) = try Self.channel(loop)
        let (second, secondContext) = try Self.channel(loop)
        firstContext.write(NIOAny(ByteBuffer(string: "one")), promise: nil)
        batch.flush(firstContext)
        secondContext.write(NIOAny(ByteBuffer(string: "two")), promise: nil)
        batch.flush(secondContext)
        #expect(try first.readOutbound(as: ByteBuffer.self) == nil)
        #expect(try second.readOutbound(as: ByteBuffer.self) == nil)
        loop.run()
        #expect(try first.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "one"))
        #expect(try second.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "two"))
        // The next tick batches again.
        firstContext.write(NIOAny(ByteBuffer(string: "three")), promise: nil)
        batch.flush(firstContext)
        #expect(try first.readOutbound(as: ByteBuffer.self) == nil)
        loop.run()
        #expect(try first.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "three"))
    }

    @Test func aContextRemovedBeforeTheTickEndsFlushesNothing() throws {
        let loop = EmbeddedEventLoop()
        let batch = FlushBatch(eventLoop: loop)
        let (channel, context) = try Self.channel(loop)
        context.write(NIOAny(ByteBuffer(string: "late")), promise: nil)
        batch.flush(context)
        try channel.pipeline.syncOperations.removeHandler(context: context).wait()
        loop.run()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    @Test func withoutABatchTheFlushIsImmediate() throws {
        let loop = EmbeddedEventLoop()
        let (channel, context) = try Self.channel(loop)
        context.write(NIOAny(ByteBuffer(string: "now")), promise: nil)
        FlushBatch.flush(context, in: nil)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "now"))
    }
}
