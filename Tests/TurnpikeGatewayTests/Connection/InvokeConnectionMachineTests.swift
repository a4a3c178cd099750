import Foundation
import NIOCore
import Testing
@testable import TurnpikeGateway

/// The whole invoke connection as a value, with a manual clock: every transition from bytes and
/// backend events to actions, no socket and no sleep.
@Suite struct InvokeConnectionMachineTests {
    typealias F = InvokeMachineFixture

    @Test func anIdleConnectionClosesAfterTheIdleTimeout() throws {
        let driver = MachineDriver(try F())
        #expect(driver.take() == ["timer +75s"])
        driver.advance(seconds: 74)
        driver.fireTimer()
        #expect(!driver.take().contains("close"), "not yet")
        driver.advance(seconds: 1)
        driver.fireTimer()
        #expect(driver.take() == ["close"])
    }

    @Test func aMockIsAnsweredAndTheConnectionKeptAlive() throws {
        let driver = MachineDriver(try F())
        driver.take()
        driver.receive(F.request("/"))
        #expect(driver.take() == ["answered 200", "write!"])
        #expect(driver.client.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(driver.client.hasSuffix("\r\n\r\nok"))
        #expect(driver.client.contains("x-amzn-RequestId: "))
        #expect(!driver.client.contains("connection: close"))
    }

    @Test func pipelinedAnswersKeepTheRequestsOrder() throws {
        let driver = MachineDriver(try F())
        driver.take()
        var bytes = F.request("/pets")
        var second = F.request("/")
        bytes.writeBuffer(&second)
        driver.receive(bytes)
        #expect(driver.take() == ["acquire backend.test:8080 #1", "timer +29s"], "the mock waits behind the proxied request")
        #expect(driver.connected(reused: false))
        #expect(driver.take() == ["send"])
        #expect(driver.backend.hasPrefix("GET /pets HTTP/1.1\r\n"))
        #expect(driver.backend.lowercased().contains("host: backend.test:8080\r\n"))
        driver.backendAnswers("HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\npets")
        #expect(driver.take() == ["release reuse", "answered 200", "write!", "answered 200", "write!"])
        let first = try #require(driver.client.range(of: "pets"))
        let ok = try #require(driver.client.range(of: "\r\n\r\nok"))
        #expect(first.upperBound <= ok.lowerBound)
    }

    @Test func aBackendThatDoesNotAnswerInTimeGets504() throws {
        let driver = MachineDriver(try F())
        driver.take()
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.take()
        driver.advance(seconds: 28)
        driver.fireTimer()
        #expect(!driver.take().contains("closeUpstream"))
        driver.advance(seconds: 1)
        driver.fireTimer()
        #expect(driver.take() == ["closeUpstream", "warn backend.test:8080: no response head within the integration's timeout", "answered 504", "write!", "timer +75s"])
        #expect(driver.client.hasPrefix("HTTP/1.1 504 "))
        #expect(driver.client.contains("Endpoint request timed out"))
        // The backend's late answer goes nowhere.
        driver.backendAnswers("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        #expect(driver.take().isEmpty)
    }

    @Test func aLateConnectionForAFinishedExchangeIsRefused() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        driver.advance(seconds: 29)
        driver.fireTimer()
        #expect(driver.client.hasPrefix("HTTP/1.1 504 "))
        #expect(!driver.connected(reused: false), "the handler returns it to the pool")
    }

    @Test func anIdempotentRequestIsRetriedOnceWhenAReusedConnectionFails() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: true))
        driver.take()
        driver.backendCloses()
        #expect(driver.take() == ["closeUpstream", "acquire backend.test:8080 #1"])
        #expect(driver.connected(reused: false))
        driver.take()
        driver.backendCloses()
        #expect(driver.take() == ["closeUpstream", "warn backend.test:8080: the backend closed the connection before its response was complete", "answered 502", "write!"])
        #expect(driver.client.hasPrefix("HTTP/1.1 502 "))
        #expect(driver.client.hasSuffix("{\"message\": \"Internal server error\"}"))
    }

    @Test func aFreshConnectionThatFailsIsNotRetried() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.take()
        driver.backendCloses()
        #expect(driver.take() == ["closeUpstream", "warn backend.test:8080: the backend closed the connection before its response was complete", "answered 502", "write!"])
    }

    @Test func aPostIsNeverSentTwice() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/orders", method: "POST", body: "{\"n\":1}"))
        #expect(driver.connected(reused: true))
        #expect(driver.backend.hasSuffix("\r\n\r\n{\"n\":1}"))
        driver.take()
        driver.backendCloses()
        #expect(driver.take() == ["closeUpstream", "warn backend.test:8080: the backend closed the connection before its response was complete", "answered 502", "write!"])
    }

    @Test func aFailureAfterPartOfTheAnswerWentOutClosesTheClient() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: true))
        driver.backendAnswers("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc")
        #expect(driver.client.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(driver.client.hasSuffix("abc"))
        driver.take()
        driver.backendCloses()
        #expect(driver.take() == ["closeUpstream", "warn backend.test:8080: the backend closed the connection before its response was complete", "writeAndClose"], "no retry and no 502 once bytes went out")
        driver.receive(F.request("/"))
        #expect(driver.take().isEmpty, "a closed connection takes nothing more")
    }

    @Test func aSlowClientPausesTheBackendUntilItsSocketDrains() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.take()
        driver.backendAnswers("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc", clientWritable: false)
        #expect(driver.take() == ["write", "flush", "pauseUpstream"])
        driver.writability(false)
        #expect(driver.take().isEmpty, "the answer deadline's timer (+29 s) fires first")
        driver.advance(seconds: 29)
        driver.fireTimer()
        #expect(driver.take() == ["timer +31s"], "then the write timeout's")
        driver.writability(true)
        #expect(driver.take() == ["resumeUpstream"])
        driver.backendAnswers("defghij")
        #expect(driver.take() == ["write", "release reuse", "answered 200", "flush"])
        #expect(driver.client.hasSuffix("abcdefghij"))
    }

    @Test func aPausedBackendConnectionReadsAgainWhenItGoesBackToThePool() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.backendAnswers("HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nab", clientWritable: false)
        driver.take()
        driver.backendAnswers("cd")
        #expect(driver.take().contains("release reuse resume"))
    }

    @Test func aClientThatNeverReadsIsDroppedAfterTheWriteTimeout() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/"))
        driver.take()
        driver.writability(false)
        #expect(driver.take() == ["timer +60s"])
        driver.advance(seconds: 60)
        driver.fireTimer()
        #expect(driver.take() == ["close"])
    }

    @Test func readingPausesWhileTooMuchIsQueuedBehindAnAnswer() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.take()
        var pipelined = ByteBufferAllocator().buffer(capacity: 140_000)
        while pipelined.readableBytes <= 128 * 1024 {
            var next = F.request("/")
            pipelined.writeBuffer(&next)
        }
        driver.receive(pipelined)
        #expect(driver.take() == ["pauseReading"])
        driver.backendAnswers("HTTP/1.1 204 No Content\r\n\r\n")
        let trace = driver.take()
        #expect(trace.contains("resumeReading"))
        #expect(trace.filter { $0 == "answered 200" }.count > 100, "the queued mocks are answered in turn")
    }

    @Test func aHeadThatTakesTooLongGets408() throws {
        let driver = MachineDriver(try F())
        driver.take()
        driver.receive("GET /restapis/a1/prod/_user_request_/ HTTP/1.1\r\n")
        #expect(driver.take() == ["timer +60s"], "the head timeout is shorter than the idle one")
        driver.advance(seconds: 60)
        driver.fireTimer()
        #expect(driver.take() == ["writeAndClose"])
        #expect(driver.client.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
    }

    @Test func aChunkedAnswerIsRechunkedForAnHTTP11Client() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.backendAnswers("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        #expect(driver.client.contains("transfer-encoding: chunked\r\n"))
        #expect(driver.client.hasSuffix("\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))
        #expect(driver.take().contains("release reuse"))
    }

    @Test func anUnframedAnswerToAnHTTP10ClientEndsWithTheClose() throws {
        let driver = MachineDriver(try F())
        driver.receive("GET \(F.base)/pets HTTP/1.0\r\nconnection: keep-alive\r\n\r\n")
        #expect(driver.connected(reused: false))
        driver.backendAnswers("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        #expect(driver.client.hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(driver.client.contains("connection: close\r\n"))
        #expect(driver.client.hasSuffix("\r\n\r\nabc"))
        #expect(driver.take().last == "writeAndClose")
    }

    @Test func aBodyOverTheLimitGets413WithoutBeingRead() throws {
        let driver = MachineDriver(try F(maximumBodySize: 16))
        driver.take()
        driver.receive("POST \(F.base)/orders HTTP/1.1\r\nhost: gw\r\ncontent-length: 17\r\n\r\n")
        #expect(driver.take() == ["refused 413", "writeAndClose"])
        #expect(driver.client.hasPrefix("HTTP/1.1 413 "))
        #expect(driver.acquired == nil)
    }

    @Test func anInvalidBackendAnswerBecomes502() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.take()
        driver.backendAnswers("NOT HTTP\r\n\r\n")
        #expect(driver.take() == ["closeUpstream", "answered 502", "write!"])
        #expect(driver.client.hasPrefix("HTTP/1.1 502 "))
    }

    @Test func aClientThatGoesAwayDropsTheExchange() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.take()
        driver.machine.closed()
        driver.backendAnswers("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        #expect(driver.take() == ["closeUpstream"])
    }

    @Test func drainingClosesAnIdleConnectionAfterAGrace() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/"))
        driver.take()
        driver.machine.drain(now: driver.now)
        driver.advance(seconds: 1)
        driver.fireTimer()
        #expect(driver.take() == ["timer +0s", "close"], "armed for the end of the grace, then closed")
    }

    @Test func aRequestArrivingInTheGraceIsAnsweredThenTheConnectionCloses() throws {
        let driver = MachineDriver(try F())
        driver.take()
        driver.machine.drain(now: driver.now)
        driver.receive(F.request("/"))
        #expect(driver.take().suffix(2) == ["answered 200", "writeAndClose"])
        #expect(driver.client.contains("connection: close\r\n"))
    }

    @Test func drainingLetsTheRequestInProgressFinishThenCloses() throws {
        let driver = MachineDriver(try F())
        driver.receive(F.request("/pets"))
        #expect(driver.connected(reused: false))
        driver.take()
        driver.machine.drain(now: driver.now)
        #expect(!driver.take().contains("closeUpstream"), "the exchange goes on")
        driver.backendAnswers("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
        #expect(driver.take() == ["timer +1s", "release reuse", "answered 200", "writeAndClose"])
        #expect(driver.client.contains("connection: close\r\n"))
        #expect(driver.client.hasSuffix("\r\n\r\nok"))
    }
}
