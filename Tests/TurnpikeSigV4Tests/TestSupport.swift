import Foundation
import TurnpikeSigV4

extension String {
    /// The same text with its last ASCII letter or digit changed to a neighbouring one: a one-byte edit.
    var withOneByteChanged: String {
        var bytes = Array(utf8)
        guard let index = bytes.lastIndex(where: { isASCIIAlphanumeric($0) }) else { return self + "x" }
        let byte = bytes[index]
        bytes[index] = (byte == UInt8(ascii: "z") || byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "9")) ? byte - 1 : byte + 1
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
}

extension SignableRequest {
    /// A copy whose headers named `name` (any case) are removed.
    func removingHeader(_ name: String) -> SignableRequest {
        var copy = self
        copy.headers.removeAll { $0.name.lowercased() == name.lowercased() }
        return copy
    }

    /// A copy with the header `name` set to `value` (replacing every existing value).
    func settingHeader(_ name: String, to value: String) -> SignableRequest {
        var copy = removingHeader(name)
        copy.headers.append((name: name, value: value))
        return copy
    }

    /// The request's `Authorization` header, parsed.
    var parsedAuthorization: SigV4Authorization? {
        firstValue(forHeader: "authorization").flatMap { try? SigV4Authorization(parsing: $0) }
    }
}

extension Result {
    /// The failure, or `nil` on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
