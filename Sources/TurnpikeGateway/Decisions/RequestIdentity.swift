import NIOCore

/// The correlation identifiers every answer carries: `x-amzn-RequestId` (a version 4 UUID),
/// `x-amz-apigw-id` and an `X-Amzn-Trace-Id` root (`Root=1-<epoch seconds>-<24 hex digits>`),
/// made from two random words without Foundation.
///
/// Only the two words are kept: the hot path writes the identifiers straight into the response
/// head (``ByteBuffer/writeCorrelation(of:)``); the `String` forms are for logs and tests.
struct RequestIdentity {
    /// When the request arrived (wall clock, whole seconds).
    let epochSeconds: Int
    private let high: UInt64
    private let low: UInt64

    init<G: RandomNumberGenerator>(epochSeconds: Int, using generator: inout G) {
        self.epochSeconds = epochSeconds
        high = generator.next()
        low = generator.next()
    }

    /// `x-amzn-RequestId`: a version 4 UUID, lowercase.
    var requestId: String {
        String(unsafeUninitializedCapacity: Self.requestIdLength) { buffer in
            writeRequestId(into: UnsafeMutableRawBufferPointer(buffer))
            return Self.requestIdLength
        }
    }

    /// `x-amz-apigw-id`: the first word in base 36.
    var gatewayId: String { String(high, radix: 36) }

    /// `X-Amzn-Trace-Id`: `Root=1-<epoch seconds, 8 hex digits>-<24 hex digits>`.
    var traceId: String {
        String(unsafeUninitializedCapacity: Self.traceIdLength) { buffer in
            writeTraceId(into: UnsafeMutableRawBufferPointer(buffer))
            return Self.traceIdLength
        }
    }

    /// Writes the three correlation header lines (`x-amzn-RequestId`, `x-amz-apigw-id`,
    /// `X-Amzn-Trace-Id`, each ending in CRLF) into `buffer`, in one write.
    func writeCorrelationFields(into buffer: inout ByteBuffer) {
        writeFields(into: &buffer, gatewayId: true)
    }

    /// Writes the lines a backend receives (`x-amzn-RequestId` and `X-Amzn-Trace-Id`, the values the
    /// client gets back), in one write.
    func writeUpstreamFields(into buffer: inout ByteBuffer) {
        writeFields(into: &buffer, gatewayId: false)
    }

    private func writeFields(into buffer: inout ByteBuffer, gatewayId: Bool) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.correlationFieldsMaximumLength) { raw in
            var position = Self.copy("x-amzn-RequestId: ", into: raw, at: 0)
            writeRequestId(into: UnsafeMutableRawBufferPointer(rebasing: raw[position...]))
            position += Self.requestIdLength
            if gatewayId {
                position = Self.copy("\r\nx-amz-apigw-id: ", into: raw, at: position)
                position += Self.writeBase36(high, into: UnsafeMutableRawBufferPointer(rebasing: raw[position...]))
            }
            position = Self.copy("\r\nX-Amzn-Trace-Id: ", into: raw, at: position)
            writeTraceId(into: UnsafeMutableRawBufferPointer(rebasing: raw[position...]))
            return Self.copy("\r\n", into: raw, at: position + Self.traceIdLength)
        }
    }

    /// The longest ``writeCorrelationFields(into:)`` writes (a base-36 id has at most 13 digits).
    static let correlationFieldsMaximumLength = 18 + requestIdLength + 18 + 13 + 19 + traceIdLength + 2

    /// Copies `text` into `raw` at `position`, returning the position after it.
    private static func copy(_ text: StaticString, into raw: UnsafeMutableRawBufferPointer, at position: Int) -> Int {
        let count = text.utf8CodeUnitCount
        (raw.baseAddress! + position).copyMemory(from: text.utf8Start, byteCount: count)
        return position + count
    }

    // MARK: Writing

    private static let requestIdLength = 36
    private static let traceIdLength = 7 + 8 + 1 + 24
    private static let base36: StaticString = "0123456789abcdefghijklmnopqrstuvwxyz"

    /// The UUID's 36 bytes at the start of `raw`: the two words in hex, the version (4) and
    /// variant (RFC 4122) digits set, dashes after digits 8, 12, 16 and 20.
    private func writeRequestId(into raw: UnsafeMutableRawBufferPointer) {
        let high = self.high & ~0xF000 | 0x4000                 // digit 13: version 4
        let low = self.low & ~(0xC << 60) | (0x8 << 60)         // digit 17: 8, 9, a or b
        Self.storeHex(UInt32(truncatingIfNeeded: high >> 32), into: raw, at: 0)
        // Digits 9-16 land one byte late and their first half moves back, leaving room for a dash.
        Self.storeHex(UInt32(truncatingIfNeeded: high), into: raw, at: 10)
        raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: 10, as: UInt32.self), toByteOffset: 9, as: UInt32.self)
        Self.storeHex(UInt32(truncatingIfNeeded: low >> 32), into: raw, at: 20)
        raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: 20, as: UInt32.self), toByteOffset: 19, as: UInt32.self)
        Self.storeHex(UInt32(truncatingIfNeeded: low), into: raw, at: 28)
        raw[8] = UInt8(ascii: "-")
        raw[13] = UInt8(ascii: "-")
        raw[18] = UInt8(ascii: "-")
        raw[23] = UInt8(ascii: "-")
    }

    /// The trace id's 40 bytes at the start of `raw`.
    private func writeTraceId(into raw: UnsafeMutableRawBufferPointer) {
        _ = Self.copy("Root=1-", into: raw, at: 0)
        Self.storeHex(UInt32(truncatingIfNeeded: epochSeconds), into: raw, at: 7)
        raw[15] = UInt8(ascii: "-")
        Self.storeHex(UInt32(truncatingIfNeeded: low >> 32), into: raw, at: 16)
        Self.storeHex(UInt32(truncatingIfNeeded: low), into: raw, at: 24)
        Self.storeHex(UInt32(truncatingIfNeeded: high), into: raw, at: 32)
    }

    /// Stores the eight lowercase hex digits of `value`, most significant first, at `offset`: in
    /// one 8-byte store, each nibble spread into its own byte and turned into its digit at once.
    private static func storeHex(_ value: UInt32, into raw: UnsafeMutableRawBufferPointer, at offset: Int) {
        var nibbles = UInt64(value)
        nibbles = (nibbles | nibbles << 16) & 0x0000_FFFF_0000_FFFF
        nibbles = (nibbles | nibbles << 8) & 0x00FF_00FF_00FF_00FF
        nibbles = (nibbles | nibbles << 4) & 0x0F0F_0F0F_0F0F_0F0F
        // A nibble of 10 or more carries into its byte's bit 4 when 6 is added: those become letters.
        let letters = (nibbles &+ 0x0606_0606_0606_0606) >> 4 & 0x0101_0101_0101_0101
        let digits = nibbles &+ 0x3030_3030_3030_3030 &+ letters &* (UInt64(UInt8(ascii: "a")) - 0x3A)
        raw.storeBytes(of: digits.bigEndian, toByteOffset: offset, as: UInt64.self)
    }

    /// Writes `value` in base 36 (lowercase, as `String(value, radix: 36)`), returning the digit count (1 to 13).
    private static func writeBase36(_ value: UInt64, into raw: UnsafeMutableRawBufferPointer) -> Int {
        var count = 1
        var rest = value / 36
        while rest > 0 {
            count += 1
            rest /= 36
        }
        rest = value
        base36.withUTF8Buffer { digits in
            for position in stride(from: count - 1, through: 0, by: -1) {
                raw[position] = digits[Int(rest % 36)]
                rest /= 36
            }
        }
        return count
    }
}
