/// Percent-decoding of request paths and percent-encoding of upstream path values (RFC 3986).
enum PercentCoding {
    /// The UTF-8 bytes `text` with every `%XX` decoded; nil when an escape is malformed or the
    /// result is not UTF-8. Without any `%`, the text is returned as it is.
    static func decode(_ text: UnsafeRawBufferPointer) -> String? {
        guard text.contains(UInt8(ascii: "%")) else { return String(decoding: text, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var iterator = text.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Appends `value` to `target`, escaping every byte that may not stand in a path segment
    /// (`pchar`: unreserved, sub-delims, `:` and `@`); `/` stays as it is when `keepingSlashes`.
    /// A segment of the value that is `.` or `..` is written `%2E` / `%2E%2E`, so data never
    /// becomes a dot segment of the upstream path.
    static func appendPathEncoded(_ value: Substring, keepingSlashes: Bool, to target: inout String) {
        let needsEscape = value.utf8.contains { !isPathCharacter($0, keepingSlashes: keepingSlashes) }
        let dots = keepingSlashes ? DotSegments.present(in: value) : value == "." || value == ".."
        guard needsEscape || dots else {
            target += value
            return
        }
        guard keepingSlashes else { return appendSegmentEncoded(value, to: &target) }
        for (index, segment) in value.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { target += "/" }
            appendSegmentEncoded(segment, to: &target)
        }
    }

    /// One segment: `pchar` bytes as they are, every other byte escaped, and all of a `.` or `..`.
    private static func appendSegmentEncoded(_ segment: Substring, to target: inout String) {
        let dotOnly = segment == "." || segment == ".."
        for byte in segment.utf8 {
            if !dotOnly, isPathCharacter(byte, keepingSlashes: false) {
                target.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                target.unicodeScalars.append("%")
                target.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte >> 4)]))
                target.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte & 0x0F)]))
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The value of a hex digit (either case); nil for any other byte.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func isPathCharacter(_ byte: UInt8, keepingSlashes: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
             UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"):
            true
        case UInt8(ascii: "/"):
            keepingSlashes
        default:
            false
        }
    }
}
