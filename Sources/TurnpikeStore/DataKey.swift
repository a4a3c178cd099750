import Crypto
import Foundation

/// The secret that API key values are encrypted with: from `TURNPIKE_DATA_KEY` (base64 of 32
/// bytes) when given, otherwise `<data-dir>/data.key`, created with mode 0600 on first start
/// (see ``SecretFile``: never through a symbolic link).
public enum DataKey {
    /// Loads or creates the data key. The data directory is made private first (``DataDirectory``).
    public static func load(dataDirectory: URL, environmentValue: String?) throws -> [UInt8] {
        try DataDirectory.secure(dataDirectory)
        if let environmentValue, !environmentValue.isEmpty {
            guard let bytes = Data(base64Encoded: environmentValue), bytes.count == 32 else {
                throw StoreError("TURNPIKE_DATA_KEY must be the base64 encoding of 32 bytes")
            }
            return Array(bytes)
        }
        let file = dataDirectory.appendingPathComponent("data.key")
        if let stored = try SecretFile.read(file) {
            let text = stored.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let bytes = Data(base64Encoded: text), bytes.count == 32 else {
                throw StoreError("\(file.path) does not hold a base64-encoded 32-byte key")
            }
            return Array(bytes)
        }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        try SecretFile.write(Data(key).base64EncodedString() + "\n", to: file)
        return key
    }
}
