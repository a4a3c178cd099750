import Foundation
import PostgresNIO
import Testing
import TurnpikeModel
import TurnpikeStore

/// The key check value on both stores: a node with another data key refuses to start, even when
/// the store holds no API key yet; a store from before the check is checked by a sealed value.
@Suite struct DataKeyCheckTests {
    static let other = ValueSealer(dataKey: Array(repeating: 9, count: 32))

    @Test(arguments: StoreKind.tested) func anotherKeyIsRefusedByAnEmptyStore(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, _ in
            _ = try await fixture.open()   // the store's own key opens it again
            await #expect(throws: DataKeyMismatch.self) { _ = try await fixture.open(sealer: Self.other) }
        }
    }

    @Test(arguments: StoreKind.tested) func aStoreWithoutACheckIsCheckedBySealedValues(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, store in
            try await store.commit([.put(EntityRecord(kind: .apiKey, id: "k1", body: Array("{}".utf8), secret: "v-0123456789012345678"))])
            try await fixture.execute("DELETE FROM data_key_check")
            await #expect(throws: DataKeyMismatch.self) { _ = try await fixture.open(sealer: Self.other) }
            #expect(try await fixture.checkValue() == nil, "a refused key records nothing")
            _ = try await fixture.open()
            #expect(try await fixture.checkValue() == StoreFixture.sealer.keyCheck)
        }
    }

    @Test(arguments: StoreKind.tested) func anEmptyStoreWithoutACheckRecordsTheFirstKey(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture, _ in
            try await fixture.execute("DELETE FROM data_key_check")
            _ = try await fixture.open(sealer: Self.other)
            #expect(try await fixture.checkValue() == Self.other.keyCheck)
            await #expect(throws: DataKeyMismatch.self) { _ = try await fixture.open() }
        }
    }

    @Test func theCheckValueRevealsNothingOfTheKeyAndDiffersByKey() {
        let key = Array(repeating: UInt8(7), count: 32)
        let check = ValueSealer(dataKey: key).keyCheck
        #expect(check.count == 64 && check == ValueSealer(dataKey: key).keyCheck)
        #expect(check != Self.other.keyCheck)
        #expect(!check.contains(Data(key).base64EncodedString()) && !check.contains(String(repeating: "07", count: 4)))
    }
}
