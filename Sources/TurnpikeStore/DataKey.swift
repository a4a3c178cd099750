import Crypto
import Foundation

/// The secret that API key values are encrypted with: from `TURNPIKE_DATA_KEY` (base64 of 32
/// bytes) when given, otherwise `<data-dir>/data.key`, created with mode 0600 on first start
/// (see ``SecretFile``: never through a symbolic link).
///
/// A new key is only written once the store accepted it (``DataKeyCheck``): a node whose
/// `data.key` is missing next to a store that holds data sealed with a key refuses to start and
/// writes no key file.
public struct DataKey: Sendable {
    /// Where the key came from.
    public enum Source: Sendable, Equatable {
        /// `TURNPIKE_DATA_KEY`.
        case environment
        /// An existing key file.
        case file(URL)
        /// Made now, for a key file that does not exist yet (written by ``saveIfNew()``).
        case new(URL)
    }

    /// The 32 key bytes.
    public let bytes: [UInt8]
    public let source: Source

    /// True when the key was made now: no store may hold data sealed with it yet.
    public var isNew: Bool {
        if case .new = source { return true }
        return false
    }

    /// Reads the key from the environment value or the key file, or makes a new one; writes nothing
    /// but the data directory's permissions (``DataDirectory``).
    public static func resolve(dataDirectory: URL, environmentValue: String?) throws -> DataKey {
        try DataDirectory.secure(dataDirectory)
        if let environmentValue, !environmentValue.isEmpty {
            guard let bytes = Data(base64Encoded: environmentValue), bytes.count == 32 else {
                throw StoreError("TURNPIKE_DATA_KEY must be the base64 encoding of 32 bytes")
            }
            return DataKey(bytes: Array(bytes), source: .environment)
        }
        let file = dataDirectory.appendingPathComponent("data.key")
        if let stored = try SecretFile.read(file) {
            let text = stored.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let bytes = Data(base64Encoded: text), bytes.count == 32 else {
                throw StoreError("\(file.path) does not hold a base64-encoded 32-byte key")
            }
            return DataKey(bytes: Array(bytes), source: .file(file))
        }
        return DataKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }, source: .new(file))
    }

    /// Writes a new key to its file (mode 0600); does nothing for a key that was read.
    public func saveIfNew() throws {
        guard case .new(let file) = source else { return }
        try SecretFile.write(Data(bytes).base64EncodedString() + "\n", to: file)
    }

    /// Removes the key file ``saveIfNew()`` wrote for a new key (the store refused it).
    public func discardIfNew() {
        guard case .new(let file) = source else { return }
        _ = try? FileManager.default.removeItem(at: file)
    }

    /// Loads or creates the data key, writing a new one at once (tests and tools that open a store
    /// of their own).
    public static func load(dataDirectory: URL, environmentValue: String?) throws -> [UInt8] {
        let key = try resolve(dataDirectory: dataDirectory, environmentValue: environmentValue)
        try key.saveIfNew()
        return key.bytes
    }
}
