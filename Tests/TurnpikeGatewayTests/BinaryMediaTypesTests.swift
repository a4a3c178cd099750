import Testing
@testable import TurnpikeGateway

/// Which request bodies and `isBase64Encoded` answers an API's `binaryMediaTypes` make binary.
@Suite struct BinaryMediaTypesTests {
    @Test func typesMatchExactlyByWildcardOrAll() {
        let types = BinaryMediaTypes(["application/octet-stream", "Image/*"])
        #expect(types.matches("application/octet-stream") && types.matches("APPLICATION/Octet-Stream; charset=x"))
        #expect(types.matches("image/png") && types.matches(" image/webp "))
        #expect(!types.matches("application/json") && !types.matches("imagex/png") && !types.matches("image") && !types.matches(nil))
        #expect(BinaryMediaTypes(["*/*"]).matches("text/plain"))
        #expect(!BinaryMediaTypes(nil).matches("application/octet-stream") && BinaryMediaTypes([]).isEmpty)
    }

    @Test func answersDecodeForTheFirstAcceptedTypeOrTheirOwnType() {
        let types = BinaryMediaTypes(["image/png"])
        #expect(types.decodes(accept: "image/png, text/html", contentType: nil))
        #expect(!types.decodes(accept: "text/html, image/png", contentType: "text/plain"))
        #expect(types.decodes(accept: nil, contentType: "image/png"))
        #expect(!types.decodes(accept: "*/*", contentType: "application/json"))
    }
}
