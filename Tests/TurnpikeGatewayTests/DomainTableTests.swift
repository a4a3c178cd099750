import Testing
import TurnpikeModel
@testable import TurnpikeGateway

/// ``DomainTable`` decided directly: host names, longest base path first, segment boundaries,
/// stages taken from the path.
@Suite struct DomainTableTests {
    static let table = DomainTable(domainNames: [
        "api.example.com": DomainNameDocument(domain: DomainName(domainName: "api.example.com"), mappings: [
            "v1": BasePathMapping(basePath: "v1", restApiId: "a1", stage: "prod"),
            "v1/admin": BasePathMapping(basePath: "v1/admin", restApiId: "a2", stage: "beta"),
            "(none)": BasePathMapping(basePath: "(none)", restApiId: "a3", stage: nil),
        ]),
        "empty.example.com": DomainNameDocument(domain: DomainName(domainName: "empty.example.com")),
    ])

    func target(_ uri: String, host: String = "api.example.com") -> InvokeTarget? {
        if case .invoke(let target)? = Self.table.target(host: host, uri: uri) { return target }
        return nil
    }

    @Test func longestBasePathOnASegmentBoundary() {
        #expect(target("/v1/pets?x=1") == InvokeTarget(apiId: "a1", stage: "prod", path: "/pets", rawQuery: "x=1"))
        #expect(target("/v1") == InvokeTarget(apiId: "a1", stage: "prod", path: "/", rawQuery: ""))
        #expect(target("/v1/admin/users") == InvokeTarget(apiId: "a2", stage: "beta", path: "/users", rawQuery: ""))
        #expect(target("/v1/administrators") == InvokeTarget(apiId: "a1", stage: "prod", path: "/administrators", rawQuery: ""))
        // `(none)` without a stage: the first segment is the stage.
        #expect(target("/v1x/pets") == InvokeTarget(apiId: "a3", stage: "v1x", path: "/pets", rawQuery: ""))
        #expect(target("/dev") == InvokeTarget(apiId: "a3", stage: "dev", path: "/", rawQuery: ""))
        #expect(target("/v1/%70ets") == InvokeTarget(apiId: "a1", stage: "prod", path: "/pets", rawQuery: ""))
        #expect(target("http://api.example.com/v1/pets") == InvokeTarget(apiId: "a1", stage: "prod", path: "/pets", rawQuery: ""))
        #expect(Self.table.target(host: "api.example.com", uri: "/v1/%zz") == .invalid)
    }

    @Test func aPathNoMappingTakesIsUnmapped() {
        let table = DomainTable(domainNames: [
            "api.example.com": DomainNameDocument(domain: DomainName(domainName: "api.example.com"), mappings: [
                "v1": BasePathMapping(basePath: "v1", restApiId: "a1", stage: "prod"),
            ]),
        ])
        #expect(table.target(host: "api.example.com", uri: "/v2/pets") == .unmappedDomain)
        #expect(table.target(host: "api.example.com", uri: "/v1x") == .unmappedDomain)
        #expect(table.target(host: "api.example.com", uri: "/") == .unmappedDomain)
        // `(none)` without a stage and nothing after it: no stage to go to.
        #expect(Self.table.target(host: "api.example.com", uri: "/") == .unmappedDomain)
    }

    @Test func hostNames() {
        #expect(target("/v1/pets", host: "API.Example.COM:443") != nil)
        #expect(target("/v1/pets", host: "api.example.com.") != nil)
        #expect(Self.table.target(host: "other.example.com", uri: "/v1/pets") == nil)
        #expect(Self.table.target(host: "api.example.com:x", uri: "/v1/pets") == nil)
        // A name without mappings is still a custom domain name: every path is unmapped.
        #expect(Self.table.target(host: "empty.example.com", uri: "/v1/pets") == .unmappedDomain)
        #expect(DomainTable(domainNames: [:]).isEmpty)
    }
}
