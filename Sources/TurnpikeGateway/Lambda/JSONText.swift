import TurnpikeModel

/// JSON text written straight into bytes, for the Lambda proxy event: objects, arrays, strings
/// (escaped as RFC 8259 requires), numbers, booleans and null. The caller writes a well-formed
/// sequence; commas are placed here.
struct JSONText {
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// A member's name; its value follows.
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        value.appendJSONLiteral(to: &bytes)
        needsComma = true
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func number(_ value: Int) { separate(); bytes += Array(String(value).utf8); needsComma = true }
    mutating func bool(_ value: Bool) { separate(); bytes += Array((value ? "true" : "false").utf8); needsComma = true }
    mutating func null() { separate(); bytes += Array("null".utf8); needsComma = true }

    /// `{"name": "value", ...}` from pairs in order, or null when `pairs` is nil.
    mutating func stringMap(_ pairs: [(String, String)]?) {
        guard let pairs else { return null() }
        beginObject()
        for (name, value) in pairs {
            key(name)
            string(value)
        }
        endObject()
    }

    /// `{"name": ["v1", "v2"], ...}` from pairs in order, or null when `pairs` is nil.
    mutating func listMap(_ pairs: [(String, [String])]?) {
        guard let pairs else { return null() }
        beginObject()
        for (name, values) in pairs {
            key(name)
            beginArray()
            for value in values { string(value) }
            endArray()
        }
        endObject()
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
