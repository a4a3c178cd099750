import NIOCore

/// A head's header lines in order, as byte ranges. The first ``inlineCapacity`` are held inline, so
/// the heads that clients and backends send (a few to a dozen lines) cost no allocation; any more
/// go to an array.
///
/// Held inline, the lines make this a value of a few hundred bytes, and a copy is a `memcpy` of
/// all of it; so does reading a line of a copy the compiler did not keep in memory. The invoke path
/// therefore reads a head's lines only through ``withUnsafeLines(_:)``, in place, and never passes
/// them by value.
struct HeaderFields {
    typealias Field = InvokeRequestHead.Field

    private typealias Inline = InlineArray<16, Field>

    static var inlineCapacity: Int { Inline.count }

    private var inline = Inline(repeating: Field(nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0, kind: .other))
    private var overflow: [Field] = []
    /// How many lines there are.
    private(set) var count = 0

    init() {}

    /// The line at `position` (`0..<count`); private, as a read of a copy moves all the lines.
    private subscript(position: Int) -> Field {
        position < Self.inlineCapacity ? inline[position] : overflow[position - Self.inlineCapacity]
    }

    @inline(__always)
    mutating func append(_ field: Field) {
        if count < Self.inlineCapacity {
            inline[count] = field
        } else {
            overflow.append(field)
        }
        count += 1
    }

    /// Calls `body` with the lines, read in place (`mutating` only so that they are: nothing
    /// changes). A head with more lines than are held inline is first gathered into an array.
    @inline(__always)
    mutating func withUnsafeLines<Result>(_ body: (UnsafeBufferPointer<Field>) throws -> Result) rethrows -> Result {
        let count = count
        guard count <= Self.inlineCapacity else { return try lines.withUnsafeBufferPointer(body) }
        var span = inline.mutableSpan
        return try span.withUnsafeMutableBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }

    /// Every line, as an array (for the cold paths: the admin endpoint, Lambda, tests).
    var lines: [Field] { (0..<count).map { self[$0] } }

    /// The value of the first line named `name` (compared without case), read from the head's
    /// `bytes` (the lines' offsets count from its reader index). For the cold paths.
    func firstValue(named name: String, in bytes: ByteBuffer) -> String? {
        let lowered = Array(name.lowercased().utf8)
        return bytes.withUnsafeReadableBytes { raw in
            lines.first { field in
                Int(field.nameEnd - field.nameStart) == lowered.count
                    && zip(Int(field.nameStart)..<Int(field.nameEnd), lowered).allSatisfy { RequestHeadParser.lowercased(raw[$0]) == $1 }
            }.map { String(decoding: UnsafeRawBufferPointer(rebasing: raw[Int($0.valueStart)..<Int($0.valueEnd)]), as: UTF8.self) }
        }
    }

    /// Forgets every line (a head parsed again in place).
    @inline(__always)
    mutating func removeAll() {
        count = 0
        if !overflow.isEmpty { overflow = [] }
    }
}
