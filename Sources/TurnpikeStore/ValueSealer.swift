import Crypto
import Foundation
import TurnpikeModel

/// Encrypts API key values for storage (AES-GCM) and derives the keyed hash they are looked up by
/// (HMAC-SHA256), both from one data key through HKDF.
public struct ValueSealer: Sendable {
    private let sealingKey: SymmetricKey
    private let lookupKey: SymmetricKey
    /// The store's key check value for this data key (``DataKeyCheck``): hex, reveals nothing of the key.
    public let keyCheck: String

    /// - Parameter dataKey: 32 bytes of secret key material.
    public init(dataKey: [UInt8]) {
        let master = SymmetricKey(data: dataKey)
        sealingKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: master, info: Data("turnpike api key sealing".utf8), outputByteCount: 32)
        lookupKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: master, info: Data("turnpike api key lookup".utf8), outputByteCount: 32)
        let checkKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: master, info: Data("turnpike data key check".utf8), outputByteCount: 32)
        keyCheck = Self.hex(HMAC<SHA256>.authenticationCode(for: Data("turnpike data key check v1".utf8), using: checkKey))
    }

    /// The encrypted form of a secret: nonce, ciphertext and tag.
    public func seal(_ secret: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(Data(secret.utf8), using: sealingKey)
        guard let combined = box.combined else { throw StoreError("sealing produced no output") }
        return Array(combined)
    }

    /// The secret from its encrypted form; throws when the data key is not the one it was sealed with.
    public func open(_ sealed: [UInt8]) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: Data(sealed))
            let plain = try AES.GCM.open(box, using: sealingKey)
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw StoreError("an API key value could not be decrypted: is this the data key it was stored with?")
        }
    }

    /// The keyed hash a value is looked up by (hex).
    public func lookupHash(_ secret: String) -> String {
        Self.hex(HMAC<SHA256>.authenticationCode(for: Data(secret.utf8), using: lookupKey))
    }

    /// Lower-case hex of a code, by table: `String(format:)` per byte made a 100,000-row
    /// ImportApiKeys spend seconds here.
    private static func hex(_ code: HashedAuthenticationCode<SHA256>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in code {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// A commit's changes with each put's secret sealed and its lookup hash: what both stores write.
    public func seal(_ changes: [ConfigurationChange]) throws -> [SealedChange] {
        try changes.map { change in
            guard case .put(let record) = change, let secret = record.secret else { return SealedChange(change: change) }
            return SealedChange(change: change, sealed: try seal(secret), hash: lookupHash(secret))
        }
    }
}

/// A failure of the storage layer (not a client's mistake): answered as a 500 by the admin API.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A configuration change ready to write: a put's secret sealed, with the hash it is looked up by.
public struct SealedChange: Sendable {
    public var change: ConfigurationChange
    public var sealed: [UInt8]?
    public var hash: String?

    public init(change: ConfigurationChange, sealed: [UInt8]? = nil, hash: String? = nil) {
        self.change = change
        self.sealed = sealed
        self.hash = hash
    }
}
