import Logging
import NIOCore
import TurnpikeLimits

/// The per-connection handler of the invoke listener, over raw bytes. Everything the connection
/// decides lives in an ``InvokeConnectionMachine``: this handler translates NIO's events (the
/// client's and its backend connection's) into the machine's, with the time of its event loop,
/// and runs the actions that come out: writes, reads paused, the timer, the admin endpoint, quota
/// reservations, usage counts and the backend connection borrowed from the loop's pool.
final class InvokeHandler: ChannelInboundHandler, RemovableChannelHandler, UpstreamExchange {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let environment: InvokeEnvironment
    private var machine: InvokeConnectionMachine?
    private var context: ChannelHandlerContext?
    /// The backend connection of the exchange in flight.
    private var upstream: UpstreamConnection?
    /// The loop's upstream pool and flush batch, looked up once (nil: no pool, flushes at once).
    private var share: InvokeEnvironment.LoopShare?
    /// The connection's one timer (``InvokeConnectionMachine/Action/armTimer(at:)``).
    private var timer: Scheduled<Void>?
    /// Actions are being run: events that arrive meanwhile (a write that changes writability, a
    /// close) only queue theirs, so actions run in order.
    private var running = false

    init(environment: InvokeEnvironment) {
        self.environment = environment
    }

    /// The time of the connection's event loop (a manual one under `EmbeddedChannel`).
    private func now(_ context: ChannelHandlerContext) -> UInt64 {
        context.eventLoop.now.uptimeNanoseconds
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { started(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        timer?.cancel()
        timer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if machine == nil { started(context: context) }
        context.fireChannelActive()
    }

    private func started(context: ChannelHandlerContext) {
        share = environment.share(for: context.eventLoop)
        machine = InvokeConnectionMachine(
            environment: environment, allocator: context.channel.allocator,
            clientAddress: context.channel.remoteAddress?.ipAddress)
        machine!.opened(now: now(context))
        runActions()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        machine?.received(unwrapInboundIn(data), now: now(context))
        runActions()
    }

    func channelInactive(context: ChannelHandlerContext) {
        machine?.closed()
        runActions()
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        machine?.writabilityChanged(context.channel.isWritable, now: now(context))
        runActions()
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is InvokeServer.Draining {
            machine?.drain(now: now(context))
            runActions()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        machine?.failed()
        runActions()
    }

    // MARK: Backend events (``UpstreamHandler``)

    func upstreamRead(_ buffer: ByteBuffer) {
        guard let context else { return }
        machine?.upstreamRead(buffer, now: now(context))
        runActions()
    }

    func upstreamReadComplete() {
        guard let context else { return }
        machine?.upstreamReadComplete(clientWritable: context.channel.isWritable)
        runActions()
    }

    func upstreamClosed() {
        guard let context else { return }
        upstream = nil
        machine?.upstreamClosed(now: now(context))
        runActions()
    }

    func upstreamFailed(_ error: any Error) {
        guard let context else { return }
        if let key = upstream?.key { share?.pool.warn(key, reason: "\(error)", logger: environment.logger) }
        machine?.upstreamFailed(now: now(context))
        runActions()
    }

    // MARK: Actions

    private func runActions() {
        guard !running, let context else { return }
        running = true
        defer { running = false }
        while let action = machine?.nextAction() {
            run(action, context: context)
        }
    }

    /// Runs `action`, taking its payload (buffers, the request) over rather than copying it.
    private func run(_ action: consuming InvokeConnectionMachine.Action, context: ChannelHandlerContext) {
        switch consume action {
        case .write(let buffer, let flush):
            context.write(wrapOutboundOut(buffer), promise: nil)
            if flush { FlushBatch.flush(context, in: share?.flushes) }
        case .flush:
            FlushBatch.flush(context, in: share?.flushes)
        case .writeAndClose(let last):
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(last ?? channel.allocator.buffer(capacity: 0)))
                .whenComplete { _ in channel.close(promise: nil) }
        case .close:
            // What was written goes out first, as when every write was flushed at once.
            context.flush()
            context.close(promise: nil)
        case .pauseReading:
            setAutoRead(false, context: context)
        case .resumeReading:
            setAutoRead(true, context: context)
        case .armTimer(let at):
            timer?.cancel()
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            timer = context.eventLoop.scheduleTask(deadline: .uptimeNanoseconds(at)) { loopBound.value.timerFired() }
        case .dispatchAdmin(let request, let body, let serial):
            dispatchAdmin(request, body: body, serial: serial, context: context)
        case .reserveQuota(let key, let count, let window, let park, let serial):
            guard let quota = environment.quota else { return quotaUnavailable(serial, context: context) }
            quota.reserve(key, count: count, window: window, waiter: park ? waiter(serial, context: context) : nil)
        case .awaitQuota(let key, let serial):
            guard let quota = environment.quota else { return quotaUnavailable(serial, context: context) }
            quota.await(key, waiter: waiter(serial, context: context))
        case .countUsage(let admission, let day):
            environment.usage?.record(admission, day: day)
            admission.countRequest()
        case .answered(let request, let summary):
            if summary.refused {
                environment.refusals?.record(status: summary.status, day: UTCDay(containing: request.identity.epochSeconds))
            }
            if environment.accessLog || request.accessLog != nil { logAccess(request, summary, context: context) }
            if let metrics = environment.metrics, !request.isAdmin {
                let elapsed = now(context) &- request.started.uptimeNanoseconds
                (request.metrics ?? metrics.unmatched).answered(method: request.match?.method, summary, elapsedNanoseconds: elapsed)
            }
        case .acquireUpstream(let key, let connectTimeout, let serial):
            acquireUpstream(key, connectTimeout: connectTimeout, serial: serial, context: context)
        case .sendUpstream(let buffer, let body):
            guard let upstream else { return }
            upstream.handler.write(buffer, flush: body == nil, batch: share?.flushes)
            if let body { upstream.handler.write(body, flush: true, batch: share?.flushes) }
        case .releaseUpstream(let reuse, let resumeReading):
            guard let connection = upstream else { return }
            upstream = nil
            connection.handler.exchange = nil
            if reuse {
                // A pooled connection must read again for its next exchange.
                if resumeReading { connection.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
                share?.pool.release(connection)
            } else {
                connection.channel.close(promise: nil)
            }
        case .closeUpstream:
            guard let connection = upstream else { return }
            upstream = nil
            connection.handler.exchange = nil
            connection.channel.close(promise: nil)
        case .warnLambda(let function, let reason):
            share?.pool.warn(
                about: function, "Lambda integration failed", reason: reason, metadata: ["function": "\(function)"],
                logger: environment.logger)
        case .warnUpstream(let key, let reason):
            share?.pool.warn(key, reason: reason, logger: environment.logger)
        case .pauseUpstream:
            upstream?.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        case .resumeUpstream:
            guard let channel = upstream?.channel else { return }
            channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
            channel.read()
        }
    }

    private func setAutoRead(_ on: Bool, context: ChannelHandlerContext) {
        try? context.channel.syncOptions?.setOption(.autoRead, value: on)
    }

    private func timerFired() {
        timer = nil
        guard let context else { return }
        machine?.timerFired(now: now(context))
        runActions()
    }

    /// Wakes this handler, on its loop, with the quota verdict for request `serial`.
    private func waiter(_ serial: UInt64, context: ChannelHandlerContext) -> QuotaReserver.Waiter {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        return { verdict in
            eventLoop.execute {
                let handler = loopBound.value
                guard let context = handler.context else { return }
                handler.machine?.quotaDecided(verdict, serial: serial, now: handler.now(context))
                handler.runActions()
            }
        }
    }

    private func quotaUnavailable(_ serial: UInt64, context: ChannelHandlerContext) {
        machine?.quotaDecided(.unavailable, serial: serial, now: now(context))
    }

    private func dispatchAdmin(_ request: InvokeRequest, body: ByteBuffer?, serial: UInt64, context: ChannelHandlerContext) {
        guard let admin = environment.admin else { return }
        let bytes = body.map { Array(buffer: $0) } ?? []
        let headers = request.headers.map { ($0.name, $0.value) }
        let method = request.method
        let uri = request.uri
        let loopBound = NIOLoopBound((self, request), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        Task {
            let answer = await admin.answer(method: method, target: uri, headers: headers, body: bytes)
            eventLoop.execute {
                let (handler, request) = loopBound.value
                guard let context = handler.context else { return }
                handler.machine?.adminAnswered(answer, for: request, serial: serial, now: handler.now(context))
                handler.runActions()
            }
        }
    }

    /// Borrows an idle connection of the loop's pool, or opens one.
    private func acquireUpstream(_ key: UpstreamKey, connectTimeout: TimeAmount, serial: UInt64,
                                 context: ChannelHandlerContext) {
        guard let pool = share?.pool else {
            machine?.upstreamFailed(now: now(context))
            return
        }
        if let idle = pool.takeIdle(key) {
            attach(idle, serial: serial, reused: true, pool: pool)
            return
        }
        let loopBound = NIOLoopBound((self, pool), eventLoop: context.eventLoop)
        pool.connect(key, connectTimeout: connectTimeout).whenComplete { result in
            let (handler, pool) = loopBound.value
            switch result {
            case .success(let connection):
                handler.attach(connection, serial: serial, reused: false, pool: pool)
            case .failure(let error):
                pool.warn(key, reason: "\(error)", logger: handler.environment.logger)
                guard let context = handler.context else { return }
                handler.machine?.upstreamFailed(now: handler.now(context))
            }
            handler.runActions()
        }
    }

    private func attach(_ connection: UpstreamConnection, serial: UInt64, reused: Bool, pool: UpstreamPool) {
        guard machine?.upstreamConnected(serial: serial, reused: reused) == true else {
            pool.release(connection)
            return
        }
        upstream = connection
        connection.handler.exchange = self
    }

    /// One access log line: the stage's format, or the standard one (`--access-log`).
    private func logAccess(_ request: InvokeRequest, _ summary: AnswerSummary, context: ChannelHandlerContext) {
        let record = AccessLogRecord(
            request, summary, sourceIp: context.channel.remoteAddress?.ipAddress, now: context.eventLoop.now)
        environment.logger.info("\((request.accessLog ?? .standard).render(record))")
    }
}
