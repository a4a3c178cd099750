import Foundation
import Testing
import TurnpikeStore

@Suite struct DataKeyTests {
    @Test func dataKeyIsCreatedOnceWithMode0600() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try DataKey.load(dataDirectory: directory, environmentValue: nil)
        let second = try DataKey.load(dataDirectory: directory, environmentValue: nil)
        #expect(first == second && first.count == 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("data.key").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: StoreError.self) { try DataKey.load(dataDirectory: directory, environmentValue: "bm90IDMyIGJ5dGVz") }
        let fromEnvironment = try DataKey.load(dataDirectory: directory, environmentValue: Data(repeating: 1, count: 32).base64EncodedString())
        #expect(fromEnvironment == Array(repeating: 1, count: 32))
    }
}
