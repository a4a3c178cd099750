/// The correlation identifiers every answer carries: `x-amzn-RequestId` (a UUID),
/// `x-amz-apigw-id` and an `X-Amzn-Trace-Id` root, made from one random draw without Foundation.
struct RequestIdentity {
    let requestId: String
    let gatewayId: String
    let traceId: String

    private static let hex = Array("0123456789abcdef".utf8)

    init<G: RandomNumberGenerator>(epochSeconds: Int, using generator: inout G) {
        let high = generator.next()
        let low = generator.next()
        var uuid = [UInt8]()
        uuid.reserveCapacity(36)
        for index in 0..<32 {
            if index == 8 || index == 12 || index == 16 || index == 20 { uuid.append(UInt8(ascii: "-")) }
            let word = index < 16 ? high : low
            var nibble = Int((word >> UInt64((15 - index % 16) * 4)) & 0xF)
            if index == 12 { nibble = 4 }                    // version 4
            if index == 16 { nibble = 8 | (nibble & 0x3) }   // RFC 4122 variant
            uuid.append(Self.hex[nibble])
        }
        requestId = String(decoding: uuid, as: UTF8.self)
        gatewayId = String(high, radix: 36)
        traceId = "Root=1-\(Self.hexDigits(UInt64(UInt32(truncatingIfNeeded: epochSeconds)), count: 8))-"
            + Self.hexDigits(low, count: 16) + Self.hexDigits(high & 0xFFFF_FFFF, count: 8)
    }

    /// `value` as exactly `count` lowercase hex digits (the low ones).
    private static func hexDigits(_ value: UInt64, count: Int) -> String {
        var digits = [UInt8](repeating: 0, count: count)
        var rest = value
        for index in stride(from: count - 1, through: 0, by: -1) {
            digits[index] = hex[Int(rest & 0xF)]
            rest >>= 4
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
