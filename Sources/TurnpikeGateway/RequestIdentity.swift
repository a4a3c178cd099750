/// The correlation identifiers every answer carries: `x-amzn-RequestId` (a version 4 UUID),
/// `x-amz-apigw-id` and an `X-Amzn-Trace-Id` root (`Root=1-<epoch seconds>-<24 hex digits>`),
/// made from two random words without Foundation and written straight into their strings.
struct RequestIdentity {
    let requestId: String
    let gatewayId: String
    let traceId: String
    /// When the request arrived (wall clock, whole seconds).
    let epochSeconds: Int

    private static let hex: StaticString = "0123456789abcdef"

    init<G: RandomNumberGenerator>(epochSeconds: Int, using generator: inout G) {
        self.epochSeconds = epochSeconds
        let high = generator.next()
        let low = generator.next()
        requestId = String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for index in 0..<32 {
                if index == 8 || index == 12 || index == 16 || index == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = index < 16 ? high : low
                var nibble = Int((word >> UInt64((15 - index % 16) * 4)) & 0xF)
                if index == 12 { nibble = 4 }                    // version 4
                if index == 16 { nibble = 8 | (nibble & 0x3) }   // RFC 4122 variant
                buffer[position] = Self.hexDigit(nibble)
                position += 1
            }
            return position
        }
        gatewayId = String(high, radix: 36)
        let seconds = UInt64(UInt32(truncatingIfNeeded: epochSeconds))
        traceId = String(unsafeUninitializedCapacity: 40) { buffer in
            var position = 0
            for byte in "Root=1-".utf8 {
                buffer[position] = byte
                position += 1
            }
            Self.writeHex(seconds, digits: 8, into: buffer, at: &position)
            buffer[position] = UInt8(ascii: "-")
            position += 1
            Self.writeHex(low, digits: 16, into: buffer, at: &position)
            Self.writeHex(high & 0xFFFF_FFFF, digits: 8, into: buffer, at: &position)
            return position
        }
    }

    private static func hexDigit(_ nibble: Int) -> UInt8 {
        hex.withUTF8Buffer { $0[nibble] }
    }

    /// Writes the low `digits` hex digits of `value`, most significant first.
    private static func writeHex(_ value: UInt64, digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>,
                                 at position: inout Int) {
        for index in 0..<digits {
            let shift = UInt64((digits - 1 - index) * 4)
            buffer[position] = hexDigit(Int((value >> shift) & 0xF))
            position += 1
        }
    }
}
