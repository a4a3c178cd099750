import Testing
import TurnpikeStore

@Suite struct StoreDeadlineTests {
    @Test func aPromptAnswerPassesThrough() async throws {
        #expect(try await StoreDeadline.run(.seconds(5), "a test") { 42 } == 42)
        await #expect(throws: StoreError.self) {
            try await StoreDeadline.run(.seconds(5), "a test") { () async throws -> Int in throw StoreError("boom") }
        }
    }

    @Test func aHangingOperationGivesUpAtTheDeadlineAndIsCancelled() async throws {
        let (cancelled, signal) = AsyncStream<Void>.makeStream()
        let started = ContinuousClock.now
        await #expect(throws: StoreError.self) {
            try await StoreDeadline.run(.milliseconds(100), "a hanging call") { () async throws -> Int in
                // Never answers on its own (a pool waiting for a database that is down).
                await withTaskCancellationHandler {
                    for await _ in AsyncStream<Int>.makeStream().stream {}
                } onCancel: {
                    signal.yield()
                    signal.finish()
                }
                return 0
            }
        }
        // Without the deadline the call would never return; the bound is loose because the machine is shared.
        #expect(ContinuousClock.now - started < .seconds(20))
        var sawCancel = false
        for await _ in cancelled { sawCancel = true }
        #expect(sawCancel)
    }
}
