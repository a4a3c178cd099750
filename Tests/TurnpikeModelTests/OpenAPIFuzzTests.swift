import Testing
@testable import TurnpikeModel

/// Malformed documents are refused with a 400 `BadRequestException`: never a crash, never another
/// error. A bounded, seeded fuzz mutates valid documents byte by byte and structurally.
@Suite struct OpenAPIFuzzTests {
    /// Knuth's MMIX linear congruential generator, output mixed: seeded, so a failure reproduces.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    static let fixed: [String] = [
        "", "   ", "null", "42", "[]", "\"text\"", "{", "}", "{}", "[[[[", "\u{0}\u{1}", "openapi: [", "- a\n- b",
        String(repeating: "[", count: 10_000), String(repeating: "- ", count: 5_000) + "a",
        "a: &a [1, 2]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: &d [*c, *c, *c, *c]\ne: &e [*d, *d, *d, *d]\nf: &f [*e, *e, *e, *e]\ng: &g [*f, *f, *f, *f]\nh: &h [*g, *g, *g, *g]\ni: &i [*h, *h, *h, *h]\nj: [*i, *i, *i, *i, *i, *i, *i, *i]",
        #"{"swagger": 2, "info": [], "paths": []}"#, #"{"openapi": "3.0.0", "info": {"title": 5, "version": {}}, "paths": {"/a": []}}"#,
        ##"{"openapi": "3.0.0", "info": {"title": "t"}, "paths": {"/a": {"get": {"parameters": [{"$ref": "#/x/y"}], "responses": []}}}}"##,
        ##"{"openapi": "3.0.0", "info": {"title": "t"}, "paths": {"/a": {"get": {"parameters": [{"$ref": "#/a"}], "security": {}, "x-amazon-apigateway-integration": []}}}}"##,
        #"{"openapi": "3.0.0", "info": {"title": "t"}, "x-amazon-apigateway-gateway-responses": {"NOPE": {}}, "x-amazon-apigateway-policy": 3, "paths": {}}"#,
        #"{"openapi": "3.0.0", "info": {"title": "t"}, "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {"type": "http", "timeoutInMillis": "soon", "responses": {"x": {}}}}}}}"#,
        #"{"openapi": "3.0.0", "info": {"title": "t"}, "paths": {"/{a}": {"get": {}}, "/{b}": {"get": {}}, "/c/{d+}/e": {"get": {}}}}"#,
        "openapi: 3.0.0\ninfo: {title: t}\npaths:\n  /a:\n    get:\n      responses:\n        999: {}\n",
        "? [a, b]\n: c\n", "openapi: !!binary aGVsbG8=\n", "%YAML 1.1\n---\na: 1\n---\nb: 2\n",
    ]

    static func expectRefusedOrImported(_ bytes: [UInt8]) {
        var configuration = Configuration()
        var next = 0
        do {
            _ = try configuration.importRestApi(bytes, options: .init(), id: "fuzz", now: 0) {
                next += 1
                return "r\(next)"
            }
        } catch let error as GatewayError {
            #expect(error.code == .badRequest || error.code == .conflict || error.code == .validation, "\(error)")
        } catch {
            Issue.record("not a GatewayError: \(error)")
        }
    }

    @Test func fixedMalformedDocuments() {
        for document in Self.fixed { Self.expectRefusedOrImported(Array(document.utf8)) }
    }

    @Test func seededMutationsOfValidDocuments() {
        var random = Seeded(state: 18)
        let seeds = [OpenAPIFixture.swaggerJSON, OpenAPIFixture.openAPIYAML].map { Array($0.utf8) }
        let alphabet = Array("{}[]:,\"'-#&*!|>\n \t0123456789abcxyz/\\".utf8)
        for round in 0..<600 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(alphabet.randomElement(using: &random)!, at: index)
                default: bytes = Array(bytes[..<index])
                }
                if bytes.isEmpty { break }
            }
            Self.expectRefusedOrImported(bytes)
        }
    }
}
