/// A head's header lines in order, as byte ranges. The first ``inlineCapacity`` are held inline, so
/// the heads that clients and backends send (a few to a dozen lines) cost no allocation; any more
/// go to an array.
struct HeaderFields: RandomAccessCollection {
    typealias Field = InvokeRequestHead.Field

    private typealias Inline = InlineArray<16, Field>

    static var inlineCapacity: Int { Inline.count }

    private var inline = Inline(repeating: Field(nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0, kind: .other))
    private var overflow: [Field] = []
    private var stored = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { stored }

    subscript(position: Int) -> Field {
        position < Self.inlineCapacity ? inline[position] : overflow[position - Self.inlineCapacity]
    }

    mutating func append(_ field: Field) {
        if stored < Self.inlineCapacity {
            inline[stored] = field
        } else {
            overflow.append(field)
        }
        stored += 1
    }
}
