import Testing
@testable import TurnpikeAdmin

@Suite struct AdminRouteTableTests {
    let table = AdminRouteTable()

    @Test func everyRouteIsAnAWSOperationWithItsExactPath() {
        let aws = Dictionary(uniqueKeysWithValues: BotocoreOperations.all.map { ($0.name, ($0.method, $0.uri)) })
        for route in AdminRouteTable.standardRoutes {
            let expected = aws[route.operation]
            #expect(expected?.0 == route.method && expected?.1 == route.pattern, "\(route.operation)")
        }
    }

    @Test func operationsAreUnique() {
        #expect(Set(table.operations).count == table.operations.count)
    }

    @Test func encodedSlashesStayInOneParameter() {
        let match = table.match(method: "GET", rawPath: "/apikeys/a%2Fb%3Ac", query: [])
        #expect(match?.route.operation == "GetApiKey")
        #expect(match?.parameters["api_Key"] == "a/b:c")
    }

    @Test func requiredQueriesSelectTheirRoute() {
        #expect(table.match(method: "POST", rawPath: "/apikeys", query: [("mode", "import")])?.route.operation == "ImportApiKeys")
        #expect(table.match(method: "POST", rawPath: "/apikeys", query: [])?.route.operation == "CreateApiKey")
    }

    @Test func unimplementedOperationsAreRecognised() {
        #expect(table.match(method: "GET", rawPath: "/domainnameaccessassociations", query: []) == nil)
        #expect(table.unimplementedOperation(method: "GET", rawPath: "/domainnameaccessassociations", query: []) == "GetDomainNameAccessAssociations")
        #expect(table.unimplementedOperation(method: "GET", rawPath: "/no/such/thing", query: []) == nil)
        #expect(table.match(method: "GET", rawPath: "/apikeys/", query: []) == nil)
    }
}
