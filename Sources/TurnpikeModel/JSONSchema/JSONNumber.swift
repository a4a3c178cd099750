/// A JSON number as a schema compares it: exact for integers, `Double` otherwise.
enum JSONNumber: Comparable, CustomStringConvertible {
    case integer(Int)
    case double(Double)

    /// The number a schema keyword holds, or nil when it holds no number.
    init?(_ node: OpenAPINode) {
        switch node {
        case .integer(let value): self = .integer(value)
        case .number(let value): self = .double(value)
        default: return nil
        }
    }

    var double: Double {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        }
    }

    static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if case .integer(let a) = lhs, case .integer(let b) = rhs { return a < b }
        return lhs.double < rhs.double
    }

    static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if case .integer(let a) = lhs, case .integer(let b) = rhs { return a == b }
        return lhs.double == rhs.double
    }

    /// Whether the number divided by `divisor` is a whole number: exact for integers; for
    /// fractions, within the rounding error of the division (`0.0075` is a multiple of `0.0001`).
    /// A division that overflows (`1e308 / 0.123`) is no multiple.
    func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .integer(let a) = self, case .integer(let b) = divisor { return b != 0 && a % b == 0 }
        let divisor = divisor.double
        guard divisor > 0 else { return false }
        let quotient = double / divisor
        guard quotient.isFinite else { return false }
        return abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
    }

    var description: String {
        switch self {
        case .integer(let value): String(value)
        case .double(let value):
            value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
    }
}
