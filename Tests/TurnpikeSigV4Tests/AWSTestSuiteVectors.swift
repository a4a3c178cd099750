/// Cases from AWS's published SigV4 test suite, with their published canonical requests,
/// strings to sign and Authorization headers.
enum AWSTestSuiteVectors {
    private static let host = ("Host", "example.amazonaws.com")
    private static let date = ("X-Amz-Date", "20150830T123600Z")
    private static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    private static let scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
    private static let stsPrefix = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
    private static let plainHeaders = "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"

    private static func auth(_ signedHeaders: String, _ signature: String) -> String {
        "AWS4-HMAC-SHA256 Credential=\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    static let all: [AWSTestSuiteVector] = [
        AWSTestSuiteVector(
            name: "get-vanilla", method: "GET", rawPath: "/", headers: [host, date],
            canonicalRequest: "GET\n/\n\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            authorization: auth("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
        AWSTestSuiteVector(
            name: "get-vanilla-query-order-key-case", method: "GET", rawPath: "/",
            rawQuery: "Param2=value2&Param1=value1", headers: [host, date],
            canonicalRequest: "GET\n/\nParam1=value1&Param2=value2\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
            authorization: auth("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")),
        AWSTestSuiteVector(
            name: "get-vanilla-query-order-key", method: "GET", rawPath: "/",
            rawQuery: "Param1=value2&Param1=Value1", headers: [host, date],
            canonicalRequest: "GET\n/\nParam1=Value1&Param1=value2\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
            authorization: auth("host;x-amz-date", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1")),
        AWSTestSuiteVector(
            name: "get-vanilla-query-order-value", method: "GET", rawPath: "/",
            rawQuery: "Param1=value2&Param1=value1", headers: [host, date],
            canonicalRequest: "GET\n/\nParam1=value1&Param1=value2\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
            authorization: auth("host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694")),
        AWSTestSuiteVector(
            name: "get-vanilla-query-unreserved", method: "GET", rawPath: "/",
            rawQuery: "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
                + "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            headers: [host, date],
            canonicalRequest: "GET\n/\n-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
                + "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
            authorization: auth("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")),
        // On the wire the key `ሴ` is percent-encoded; the suite's canonical form is the encoded one.
        AWSTestSuiteVector(
            name: "get-vanilla-utf8-query", method: "GET", rawPath: "/", rawQuery: "%E1%88%B4=bar", headers: [host, date],
            canonicalRequest: "GET\n/\n%E1%88%B4=bar\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
            authorization: auth("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04")),
        AWSTestSuiteVector(
            name: "get-header-value-trim", method: "GET", rawPath: "/",
            headers: [host, ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\""), date],
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" + emptyHash,
            stringToSign: stsPrefix + "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
            authorization: auth(
                "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")),
        // Repeated headers are joined with commas in arrival order.
        AWSTestSuiteVector(
            name: "get-header-key-duplicate", method: "GET", rawPath: "/",
            headers: [host, ("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1"), date],
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + emptyHash,
            stringToSign: stsPrefix + "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
            authorization: auth("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea")),
        AWSTestSuiteVector(
            name: "get-header-value-order", method: "GET", rawPath: "/",
            headers: [
                host, ("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"),
                ("My-Header1", "value2"), date,
            ],
            canonicalRequest: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" + emptyHash,
            stringToSign: stsPrefix + "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
            authorization: auth("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01")),
        AWSTestSuiteVector(
            name: "get-unreserved", method: "GET",
            rawPath: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", headers: [host, date],
            canonicalRequest: "GET\n/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\n"
                + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
            authorization: auth("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f")),
        AWSTestSuiteVector(
            name: "get-utf8", method: "GET", rawPath: "/\u{1234}", headers: [host, date],
            canonicalRequest: "GET\n/%E1%88%B4\n\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
            authorization: auth("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")),
        AWSTestSuiteVector(
            name: "normalize-path/get-space", method: "GET", rawPath: "/example space/", headers: [host, date],
            canonicalRequest: "GET\n/example%20space/\n\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
            authorization: auth("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741")),
        AWSTestSuiteVector(
            name: "normalize-path/get-slashes", method: "GET", rawPath: "//example//", headers: [host, date],
            canonicalRequest: "GET\n/example/\n\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015",
            authorization: auth("host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84")),
        AWSTestSuiteVector(
            name: "normalize-path/get-relative-relative", method: "GET", rawPath: "/example1/example2/../..",
            headers: [host, date],
            canonicalRequest: "GET\n/\n\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            authorization: auth("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")),
        AWSTestSuiteVector(
            name: "normalize-path/get-slash-pointless-dot", method: "GET", rawPath: "/./example", headers: [host, date],
            canonicalRequest: "GET\n/example\n\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702",
            authorization: auth("host;x-amz-date", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5")),
        AWSTestSuiteVector(
            name: "post-vanilla", method: "POST", rawPath: "/", headers: [host, date],
            canonicalRequest: "POST\n/\n\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            authorization: auth("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")),
        AWSTestSuiteVector(
            name: "post-vanilla-query", method: "POST", rawPath: "/", rawQuery: "Param1=value1", headers: [host, date],
            canonicalRequest: "POST\n/\nParam1=value1\n" + plainHeaders + emptyHash,
            stringToSign: stsPrefix + "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            authorization: auth("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")),
        AWSTestSuiteVector(
            name: "post-header-value-case", method: "POST", rawPath: "/", headers: [host, ("My-Header1", "VALUE1"), date],
            canonicalRequest: "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\n"
                + "host;my-header1;x-amz-date\n" + emptyHash,
            stringToSign: stsPrefix + "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
            authorization: auth("host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d")),
        AWSTestSuiteVector(
            name: "post-x-www-form-urlencoded", method: "POST", rawPath: "/",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), host, date], body: "Param1=value1",
            canonicalRequest: "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            stringToSign: stsPrefix + "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            authorization: auth("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")),
        AWSTestSuiteVector(
            name: "post-x-www-form-urlencoded-parameters", method: "POST", rawPath: "/",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), host, date], body: "Param1=value1",
            canonicalRequest: "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf8\n"
                + "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            stringToSign: stsPrefix + "2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c",
            authorization: auth("content-type;host;x-amz-date", "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe")),
        AWSTestSuiteVector(
            name: "post-sts-token/post-sts-header-before", method: "POST", rawPath: "/",
            headers: [
                host, date,
                ("X-Amz-Security-Token", "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="),
            ],
            canonicalRequest: "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n"
                + "x-amz-security-token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==\n\n"
                + "host;x-amz-date;x-amz-security-token\n" + emptyHash,
            stringToSign: stsPrefix + "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
            authorization: auth(
                "host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")),
    ]
}
