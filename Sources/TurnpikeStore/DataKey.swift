import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The secret that API key values are encrypted with: from `TURNPIKE_DATA_KEY` (base64 of 32
/// bytes) when given, otherwise `<data-dir>/data.key`, created with mode 0600 on first start.
public enum DataKey {
    /// Loads or creates the data key.
    public static func load(dataDirectory: URL, environmentValue: String?) throws -> [UInt8] {
        if let environmentValue, !environmentValue.isEmpty {
            guard let bytes = Data(base64Encoded: environmentValue), bytes.count == 32 else {
                throw StoreError("TURNPIKE_DATA_KEY must be the base64 encoding of 32 bytes")
            }
            return Array(bytes)
        }
        let file = dataDirectory.appendingPathComponent("data.key")
        if FileManager.default.fileExists(atPath: file.path) {
            let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
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

/// Writes files that hold secrets: created with mode 0600 from the start, replaced atomically.
public enum SecretFile {
    public static func write(_ text: String, to file: URL) throws {
        let temporary = file.path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw StoreError("cannot create \(temporary): errno \(errno)") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == bytes.count else { throw StoreError("cannot write \(temporary)") }
        guard rename(temporary, file.path) == 0 else { throw StoreError("cannot rename \(temporary): errno \(errno)") }
    }
}
