import NIOCore

/// Decodes a `Transfer-Encoding: chunked` body from raw bytes, for request bodies from clients and
/// response bodies from backends (RFC 9112 §7.1). Chunk extensions and trailers are checked
/// strictly (extensions as `;name[=token|quoted-string]` without whitespace, trailers as header lines; a bare CR or
/// LF, a NUL or anything else is ``Step/invalid``) and then dropped. Size lines and the trailer
/// section are bounded, so a hostile peer cannot make it buffer without limit, and a chunk whose
/// size takes the body past ``maximumBodySize`` is refused before its data is read.
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
        /// A chunk size takes the body over ``maximumBodySize``.
        case tooLarge
    }

    /// The largest body accepted, summed over the chunks' sizes.
    let maximumBodySize: Int
    /// The body bytes announced so far.
    private var announced = 0

    init(maximumBodySize: Int = .max) {
        self.maximumBodySize = maximumBodySize
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
                guard size <= maximumBodySize - announced else { return .tooLarge }
                announced += size
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
                    return input.readableBytes > Self.maximumTrailerSize - seen ? .invalid : .needMore
                }
                guard lineLength <= Self.maximumTrailerSize - seen else { return .invalid }
                if lineLength > 0 {
                    let valid = input.withUnsafeReadableBytes { raw in
                        RequestHeadParser.fieldLine(UnsafeRawBufferPointer(rebasing: raw[0..<(lineLength + 2)]), from: 0) != nil
                    }
                    guard valid else { return .invalid }
                }
                input.moveReaderIndex(forwardBy: lineLength + 2)
                phase = lineLength == 0 ? .done : .trailers(seen: seen + lineLength + 2)
            }
        }
    }

    /// The length of the line at the reader index, without its CRLF; nil until the CRLF arrived,
    /// and `Int.max` (refused by every caller's bound) for a bare CR or LF.
    private static func lineLength(_ input: ByteBuffer) -> Int? {
        input.withUnsafeReadableBytes { raw in
            for index in 0..<raw.count {
                let byte = raw[index]
                if byte == RequestHeadParser.Byte.lf { return .max }
                guard byte == RequestHeadParser.Byte.cr else { continue }
                guard index + 1 < raw.count else { return nil }
                return raw[index + 1] == RequestHeadParser.Byte.lf ? index : .max
            }
            return nil
        }
    }

    /// The hex size at the start of a size line, followed only by well-formed extensions
    /// (`*( ";" name [ "=" ( token / quoted-string ) ] )`; RFC 9112's optional whitespace around
    /// them is refused, as llhttp refuses it, so the two never frame a body differently); nil when malformed.
    private static func chunkSize(_ input: ByteBuffer, _ lineLength: Int) -> Int? {
        input.withUnsafeReadableBytes { raw in
            var size = 0
            var index = 0
            while index < lineLength, let value = PercentCoding.hexValue(raw[index]) {
                guard index < 15 else { return nil }
                size = size << 4 | Int(value)
                index += 1
            }
            guard index > 0, extensionsAreValid(raw, from: index, to: lineLength) else { return nil }
            return size
        }
    }

    /// Whether `raw[start..<end]` is a list of chunk extensions.
    private static func extensionsAreValid(_ raw: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        var index = start
        func token() -> Bool {
            let first = index
            while index < end, RequestHeadParser.isTokenByte(raw[index]) { index += 1 }
            return index > first
        }
        /// `DQUOTE *( qdtext / quoted-pair ) DQUOTE`, no control bytes but tab.
        func quotedString() -> Bool {
            index += 1
            while index < end {
                let byte = raw[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return true
                }
                if byte == UInt8(ascii: "\\") { index += 1 }
                guard index < end, raw[index] >= 0x20 || raw[index] == 0x09, raw[index] != 0x7F else { return false }
                index += 1
            }
            return false
        }
        while true {
            guard index < end else { return true }
            guard raw[index] == UInt8(ascii: ";") else { return false }
            index += 1
            guard token() else { return false }
            guard index < end, raw[index] == UInt8(ascii: "=") else { continue }
            index += 1
            if index < end, raw[index] == UInt8(ascii: "\"") {
                guard quotedString() else { return false }
            } else {
                guard token() else { return false }
            }
        }
    }
}
