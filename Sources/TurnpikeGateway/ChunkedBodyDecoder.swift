import NIOCore

/// Decodes a `Transfer-Encoding: chunked` body from raw bytes, for request bodies from clients and
/// response bodies from backends. Chunk extensions and trailers are read and dropped (as NIO's
/// decoder did). Size lines and the trailer section are bounded, so a hostile peer cannot make it
/// buffer without limit.
struct ChunkedBodyDecoder {
    enum Step: Equatable {
        /// Body bytes (a slice of the input, no copy).
        case data(ByteBuffer)
        /// The input ends inside the framing: feed more bytes.
        case needMore
        /// The last chunk and the trailers were read; the body is over.
        case end
        /// Bad framing.
        case invalid
    }

    private enum Phase {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(seen: Int)
        case done
    }

    private var phase = Phase.size
    /// The longest size line (with extensions) accepted.
    static let maximumLineLength = 4096
    /// The largest trailer section accepted.
    static let maximumTrailerSize = 80 * 1024

    /// The next step, consuming what it reads from `input`.
    mutating func next(_ input: inout ByteBuffer) -> Step {
        // Each pass either returns or consumes framing bytes, so the loop ends with the input.
        while true {
            switch phase {
            case .done:
                return .end
            case .size:
                guard let lineLength = Self.lineLength(input) else {
                    return input.readableBytes > Self.maximumLineLength ? .invalid : .needMore
                }
                guard lineLength <= Self.maximumLineLength, let size = Self.chunkSize(input, lineLength) else { return .invalid }
                input.moveReaderIndex(forwardBy: lineLength + 2)
                phase = size == 0 ? .trailers(seen: 0) : .data(remaining: size)
            case .data(let remaining):
                guard input.readableBytes > 0 else { return .needMore }
                let count = min(remaining, input.readableBytes)
                let slice = input.readSlice(length: count)!
                phase = count == remaining ? .dataEnd : .data(remaining: remaining - count)
                return .data(slice)
            case .dataEnd:
                guard input.readableBytes >= 2 else { return .needMore }
                guard input.readInteger(as: UInt16.self) == 0x0D0A else { return .invalid }
                phase = .size
            case .trailers(let seen):
                guard let lineLength = Self.lineLength(input) else {
                    return seen + input.readableBytes > Self.maximumTrailerSize ? .invalid : .needMore
                }
                guard seen + lineLength <= Self.maximumTrailerSize else { return .invalid }
                input.moveReaderIndex(forwardBy: lineLength + 2)
                phase = lineLength == 0 ? .done : .trailers(seen: seen + lineLength + 2)
            }
        }
    }

    /// The length of the line at the reader index, without its CRLF; nil until the CRLF arrived.
    private static func lineLength(_ input: ByteBuffer) -> Int? {
        input.withUnsafeReadableBytes { raw in
            guard raw.count >= 2 else { return nil }
            for index in 0..<(raw.count - 1) where raw[index] == RequestHeadParser.Byte.cr {
                return raw[index + 1] == RequestHeadParser.Byte.lf ? index : nil
            }
            return nil
        }
    }

    /// The hex size at the start of a size line (extensions after `;` ignored); nil when malformed.
    private static func chunkSize(_ input: ByteBuffer, _ lineLength: Int) -> Int? {
        input.withUnsafeReadableBytes { raw in
            var size = 0
            var digits = 0
            var index = 0
            while index < lineLength {
                let byte = raw[index]
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
                case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                    return digits > 0 ? size : nil
                default:
                    return nil
                }
                digits += 1
                guard digits <= 15 else { return nil }
                size = size << 4 | Int(value)
                index += 1
            }
            return digits > 0 ? size : nil
        }
    }
}
