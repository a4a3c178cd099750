import Foundation
import Testing

@testable import TurnpikeSigV4

/// Path, query, header and date canonicalisation, form by form.
@Suite("Canonical forms")
struct CanonicalFormTests {
    @Test(
        "botocore's path normalisation",
        arguments: [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/restapis//resources/", "/restapis/resources/"),
            ("/a/./b/../c", "/a/c"),
            ("/../..", "/"),
            ("/a/b/", "/a/b/"),
            ("/tags/arn%3Aaws%3Aapigateway%3A%3A%2Fapikeys%2Fabc", "/tags/arn%253Aaws%253Aapigateway%253A%253A%252Fapikeys%252Fabc"),
            ("/example space/", "/example%20space/"),
            ("/caf%C3%A9", "/caf%25C3%25A9"),
            ("/~user/a+b=c", "/~user/a%2Bb%3Dc"),
        ])
    func normalizedPath(raw: String, canonical: String) {
        #expect(CanonicalRequest.canonicalPath(raw, form: .normalized) == canonical)
    }

    @Test(
        "the Go SDK's path form keeps every segment",
        arguments: [
            ("", "/"),
            ("//", "//"),
            ("/restapis//resources/", "/restapis//resources/"),
            ("/a/./b/../c", "/a/./b/../c"),
            ("/tags/arn%3Aaws", "/tags/arn%253Aaws"),
        ])
    func unnormalizedPath(raw: String, canonical: String) {
        #expect(CanonicalRequest.canonicalPath(raw, form: .unnormalized) == canonical)
    }

    @Test(
        "query forms",
        arguments: [
            ("", "", "", ""),
            ("b=2&a=1", "a=1&b=2", "a=1&b=2", "a=1&b=2"),
            ("name=my%20key", "name=my%20key", "name=my%20key", "name=my%20key"),
            ("name=my+key", "name=my+key", "name=my%2Bkey", "name=my%20key"),
            ("a&b=&=c", "=c&a=&b=", "=c&a=&b=", "=c&a=&b="),
            ("a=1&&b=2&", "=&=&a=1&b=2", "a=1&b=2", "a=1&b=2"),
            ("=&a=1", "=&a=1", "=&a=1", "=&a=1"),
            ("k=%3d%3D&k=a=b", "k=%3d%3D&k=a=b", "k=%3D%3D&k=a%3Db", "k=%3D%3D&k=a%3Db"),
            ("x=%zz", "x=%zz", "x=%25zz", "x=%25zz"),
            ("Z=1&a=2&A=3", "A=3&Z=1&a=2", "A=3&Z=1&a=2", "A=3&Z=1&a=2"),
        ])
    func queryForms(raw: String, rawSorted: String, reencoded: String, formDecoded: String) {
        #expect(CanonicalRequest.canonicalQuery(raw, form: .rawSorted) == rawSorted)
        #expect(CanonicalRequest.canonicalQuery(raw, form: .reencoded) == reencoded)
        #expect(CanonicalRequest.canonicalQuery(raw, form: .formDecoded) == formDecoded)
    }

    @Test("header values are trimmed and whitespace runs collapsed like Python's str.split")
    func trimAll() {
        #expect(CanonicalRequest.trimmingAll("  a \t\t b  c ") == "a b c")
        #expect(CanonicalRequest.trimmingAll("\"a   b   c\"") == "\"a b c\"")
        #expect(CanonicalRequest.trimmingAll("") == "")
        #expect(CanonicalRequest.trimmingAll("   ") == "")
    }

    @Test("X-Amz-Date round trips", arguments: ["19700101T000000Z", "20150830T123600Z", "20240229T235959Z", "20991231T235959Z"])
    func basicISO8601(text: String) throws {
        let timestamp = try #require(SigV4Timestamp(basicISO8601: text))
        #expect(timestamp.basicISO8601 == text)
        #expect(timestamp.dateStamp == String(text.prefix(8)))
    }

    @Test("2015-08-30T12:36:00Z is 1440938160")
    func knownInstant() {
        #expect(SigV4Timestamp(basicISO8601: "20150830T123600Z")?.secondsSince1970 == 1_440_938_160)
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 1_440_938_160.999)).basicISO8601 == "20150830T123600Z")
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: -1)).basicISO8601 == "19691231T235959Z")
    }

    @Test(
        "invalid X-Amz-Date values are rejected",
        arguments: ["", "20150830T123600", "20150830 123600Z", "20230229T000000Z", "20151301T000000Z", "20150830T246000Z",
            "2015083OT123600Z", "+0150830T123600Z", "20150830T123600Z ", "２0150830T123600Z"])
    func invalidBasicISO8601(text: String) {
        #expect(SigV4Timestamp(basicISO8601: text) == nil)
    }

    @Test(
        "RFC 1123 dates parse in the forms clients send",
        arguments: ["Sun, 30 Aug 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36:00 -0000", "30 Aug 2015 12:36:00 UTC",
            "sun, 30 aug 2015 12:36:00 +0000"])
    func rfc1123(text: String) {
        #expect(SigV4Timestamp(rfc1123: text)?.basicISO8601 == "20150830T123600Z")
    }

    @Test(
        "invalid RFC 1123 dates are rejected",
        arguments: ["", "Sun, 30 Aug 2015 12:36:00 PST", "Sun, 31 Sep 2015 12:36:00 GMT", "Sun, 30 Foo 2015 12:36:00 GMT",
            "Sun, 30 Aug 15 12:36:00 GMT", "Sun, 30 Aug 2015 12:36 GMT", "20150830T123600Z"])
    func invalidRFC1123(text: String) {
        #expect(SigV4Timestamp(rfc1123: text) == nil)
    }
}
