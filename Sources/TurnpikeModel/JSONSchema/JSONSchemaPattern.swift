/// A `pattern` / `patternProperties` regular expression, matched unanchored on Unicode scalars as
/// ECMA 262 does. A pattern Swift's regex syntax cannot read matches nothing (model schemas are
/// checked on `CreateModel`, so stored ones read).
struct JSONSchemaPattern {
    private let regex: Regex<AnyRegexOutput>?

    init(_ pattern: String) {
        regex = (try? Regex(pattern))?.matchingSemantics(.unicodeScalar)
    }

    /// Whether the pattern compiles.
    var isValid: Bool { regex != nil }

    func matches(_ text: String) -> Bool {
        guard let regex else { return false }
        return (try? regex.firstMatch(in: text)) != nil
    }
}
