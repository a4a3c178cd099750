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
        let seconds = String(UInt32(truncatingIfNeeded: epochSeconds), radix: 16)
        traceId = "Root=1-\(seconds)-\(String(low, radix: 16))\(String(high & 0xFFFF_FFFF, radix: 16))"
    }
}
