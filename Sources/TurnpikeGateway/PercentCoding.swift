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
        guard needsEscape || hasDotSegment(value, keepingSlashes: keepingSlashes) else {
            target += value
            return
        }
        let bytes = Array(value.utf8)
        var segmentStart = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "/"), keepingSlashes { segmentStart = index + 1 }
            if isPathCharacter(byte, keepingSlashes: keepingSlashes), !(byte == UInt8(ascii: ".") && inDotSegment(bytes, index, segmentStart, keepingSlashes)) {
                target.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                target.unicodeScalars.append("%")
                target.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte >> 4)]))
                target.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte & 0x0F)]))
            }
        }
    }

    /// Whether the value has a segment (the whole value, unless `keepingSlashes`) that is `.` or `..`.
    private static func hasDotSegment(_ value: Substring, keepingSlashes: Bool) -> Bool {
        guard value.utf8.contains(UInt8(ascii: ".")) else { return false }
        if !keepingSlashes { return value == "." || value == ".." }
        return value.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == "." || $0 == ".." }
    }

    /// Whether the dot at `index` belongs to a segment (starting at `start`) that is `.` or `..`.
    private static func inDotSegment(_ bytes: [UInt8], _ index: Int, _ start: Int, _ keepingSlashes: Bool) -> Bool {
        var end = start
        while end < bytes.count, !(keepingSlashes && bytes[end] == UInt8(ascii: "/")) { end += 1 }
        return bytes.withUnsafeBytes { DotSegments.isDotSegment($0, start..<end) }
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
