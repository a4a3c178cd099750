/// The syntax rules of ``RequestHeadParser`` that look inside a value: the request target's form,
/// `Host`, and header names that read as framing names once `_` is `-`.
extension RequestHeadParser {
    /// A name with `_` that reads as a framing, hop-by-hop, `Host` or forwarding header once `_`
    /// is `-` (`Content_Length`, `transfer_encoding`): some servers treat them alike, so such a
    /// line is dropped when forwarding (``InvokeRequestHead/FieldKind/hopByHop``), never passed on.
    static func underscoreVariantKind(_ raw: UnsafeRawBufferPointer, _ name: Range<Int>) -> InvokeRequestHead.FieldKind {
        var bytes = Array(raw[name])
        for index in bytes.indices where bytes[index] == Byte.underscore { bytes[index] = UInt8(ascii: "-") }
        let kind: InvokeRequestHead.FieldKind = bytes.withUnsafeBytes { Self.kind($0, 0..<$0.count) }
        switch kind {
        case .other, .apiKey: return .other
        default: return .hopByHop
        }
    }

    /// Whether the target's first bytes fit one of RFC 9112's request-target forms.
    static func isTargetForm(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>, connect: Bool) -> Bool {
        let first = raw[range.lowerBound]
        if first == UInt8(ascii: "/") || connect { return true }
        if first == UInt8(ascii: "*") { return range.count == 1 }
        // `scheme "://"`: a letter, then letters, digits, `+`, `-`, `.`.
        guard lowercased(first) &- UInt8(ascii: "a") < 26 else { return false }
        var index = range.lowerBound + 1
        while index < range.upperBound {
            let byte = raw[index]
            if byte == Byte.colon { return index + 2 < range.upperBound && raw[index + 1] == UInt8(ascii: "/") && raw[index + 2] == UInt8(ascii: "/") }
            guard lowercased(byte) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { return false }
            index += 1
        }
        return false
    }

    /// Whether a `Host` value is `uri-host [ ":" port ]` (RFC 9110 §7.2): an IP literal in brackets
    /// or a reg-name (unreserved, sub-delims, `%`), then digits after a colon.
    static func isValidHost(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        if index < range.upperBound, raw[index] == UInt8(ascii: "[") {
            guard let close = firstIndex(raw, of: UInt8(ascii: "]"), in: index..<range.upperBound), close > index + 1 else { return false }
            for position in (index + 1)..<close {
                let byte = raw[position]
                guard isHexDigit(byte) || byte == Byte.colon || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "v")
                    || byte == UInt8(ascii: "V") else { return false }
            }
            index = close + 1
        } else {
            while index < range.upperBound, raw[index] != Byte.colon {
                guard isRegNameByte(raw[index]) else { return false }
                index += 1
            }
        }
        guard index < range.upperBound else { return true }
        guard raw[index] == Byte.colon else { return false }
        for position in (index + 1)..<range.upperBound where raw[position] &- UInt8(ascii: "0") >= 10 { return false }
        return true
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || lowercased(byte) &- UInt8(ascii: "a") < 6
    }

    /// unreserved / sub-delims / `%` (pct-encoded).
    static func isRegNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "%"):
            true
        default:
            false
        }
    }
}
