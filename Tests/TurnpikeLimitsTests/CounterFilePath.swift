import Foundation

/// A counter file path in a fresh temporary directory, removed after `body`.
enum CounterFilePath {
    static func with(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-counters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory.appendingPathComponent("counters.bin").path)
    }
}
