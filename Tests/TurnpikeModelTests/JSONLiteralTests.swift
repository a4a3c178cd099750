import Foundation
import Testing
import TurnpikeModel

/// `jsonLiteral` and `appendJSONLiteral(to:)` write JSON string literals that a JSON parser reads back.
@Suite struct JSONLiteralTests {
    @Test(arguments: ["plain", "", "quote \" and \\ backslash", "new\nline\ttab\rreturn", "\u{0}\u{1}\u{1F}\u{7F}",
                      "héllo wörld ✓ 🙂", "</script>"])
    func literalsParseBackToTheText(text: String) throws {
        let literal = text.jsonLiteral
        let parsed = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed)
        #expect(parsed as? String == text)
        var bytes = Array("[".utf8)
        text.appendJSONLiteral(to: &bytes)
        #expect(bytes == Array("[".utf8) + Array(literal.utf8))
    }

    @Test func controlCharactersAreEscaped() {
        #expect("a\u{1}b\nc".jsonLiteral == #""a\u0001b\nc""#)
        #expect("\u{1F}\"\\".jsonLiteral == #""\u001f\"\\""#)
    }
}
