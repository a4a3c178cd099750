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
    private static let hex: StaticString = "0123456789abcdef"
    private static let base36: StaticString = "0123456789abcdefghijklmnopqrstuvwxyz"

    /// The UUID's 36 bytes at the start of `raw`.
    private func writeRequestId(into raw: UnsafeMutableRawBufferPointer) {
        var position = 0
        for index in 0..<32 {
            if index == 8 || index == 12 || index == 16 || index == 20 {
                raw[position] = UInt8(ascii: "-")
                position += 1
            }
            let word = index < 16 ? high : low
            var nibble = Int((word >> UInt64((15 - index % 16) * 4)) & 0xF)
            if index == 12 { nibble = 4 }                    // version 4
            if index == 16 { nibble = 8 | (nibble & 0x3) }   // RFC 4122 variant
            raw[position] = Self.hexDigit(nibble)
            position += 1
        }
    }

    /// The trace id's 40 bytes at the start of `raw`.
    private func writeTraceId(into raw: UnsafeMutableRawBufferPointer) {
        var position = Self.copy("Root=1-", into: raw, at: 0)
        Self.writeHex(UInt64(UInt32(truncatingIfNeeded: epochSeconds)), digits: 8, into: raw, at: &position)
        raw[position] = UInt8(ascii: "-")
        position += 1
        Self.writeHex(low, digits: 16, into: raw, at: &position)
        Self.writeHex(high & 0xFFFF_FFFF, digits: 8, into: raw, at: &position)
    }

    private static func hexDigit(_ nibble: Int) -> UInt8 {
        hex.withUTF8Buffer { $0[nibble] }
    }

    /// Writes the low `digits` hex digits of `value`, most significant first.
    private static func writeHex(_ value: UInt64, digits: Int, into raw: UnsafeMutableRawBufferPointer, at position: inout Int) {
        for index in 0..<digits {
            let shift = UInt64((digits - 1 - index) * 4)
            raw[position] = hexDigit(Int((value >> shift) & 0xF))
            position += 1
        }
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
