import Testing
@testable import TurnpikeModel

@Suite struct ImportApiKeysTests {
    let now = 1_764_000_000

    func ids() -> () -> String {
        var counter = 0
        return {
            counter += 1
            return "imp\(counter)"
        }
    }

    @Test func importsRowsWithEnabledDefaultingToTrue() throws {
        var configuration = Configuration()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "p"), id: "p1", now: now)
        let csv = """
            key,name,Description,ENABLED,usageplanIds,extra
            aaaaaaaaaaaaaaaaaaaaaaaa,first,one,,p1,ignored
            bbbbbbbbbbbbbbbbbbbbbbbb,second,,false,,
            """
        let result = try configuration.importApiKeys(csv: csv, failOnWarnings: false, now: now, makeID: ids())
        #expect(result.ids == ["imp1", "imp2"])
        #expect(result.warnings.isEmpty)
        #expect(configuration.apiKeys["imp1"]?.enabled == true)
        #expect(configuration.apiKeys["imp1"]?.description == "one")
        #expect(configuration.apiKeys["imp2"]?.enabled == false)
        #expect(configuration.planKeys["p1"] == ["imp1"])
    }

    @Test func quotedUsagePlanIdsAttachToEveryPlan() throws {
        var configuration = Configuration()
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "p"), id: "p1", now: now)
        _ = try configuration.createUsagePlan(CreateUsagePlanInput(name: "q"), id: "p2", now: now)
        let csv = "Name,Key,UsagePlanIds\r\nk,cccccccccccccccccccccccc,\"p1,p2\"\r\n"
        let result = try configuration.importApiKeys(csv: csv, failOnWarnings: false, now: now, makeID: ids())
        #expect(configuration.planKeys["p1"] == [result.ids[0]] && configuration.planKeys["p2"] == [result.ids[0]])
    }

    @Test func badRowsBecomeWarnings() throws {
        var configuration = Configuration()
        let csv = """
            Name,Key
            short,tooshort
            good,dddddddddddddddddddddddd
            dup,dddddddddddddddddddddddd
            noplan,eeeeeeeeeeeeeeeeeeeeeeee
            """
        let result = try configuration.importApiKeys(csv: csv + "\n", failOnWarnings: false, now: now, makeID: ids())
        #expect(result.ids.count == 2)
        #expect(result.warnings.count == 2)
        #expect(result.warnings[0].contains("line 2") && result.warnings[0].contains("at least 20 characters"))
        #expect(result.warnings[1].contains("line 4") && result.warnings[1].contains("already exists"))
    }

    @Test func failOnWarningsRefusesTheWholeImport() throws {
        var configuration = Configuration()
        let csv = "Name,Key,UsagePlanIds\ngood,ffffffffffffffffffffffff,\nbad,gggggggggggggggggggggggg,missingplan\n"
        #expect(throws: GatewayError.self) {
            try configuration.importApiKeys(csv: csv, failOnWarnings: true, now: now, makeID: ids())
        }
        #expect(configuration.apiKeys.isEmpty)
    }

    @Test(arguments: ["", "Name,Description\nx,y\n", "Name,Key\n\"unterminated,aaaaaaaaaaaaaaaaaaaaaaaa\n"])
    func malformedFilesAreRefused(csv: String) {
        var configuration = Configuration()
        #expect(throws: GatewayError.self) {
            try configuration.importApiKeys(csv: csv, failOnWarnings: false, now: now, makeID: ids())
        }
    }

    @Test func csvParsesQuotesAndDoubledQuotes() throws {
        let table = try CSVTable(parsing: "a,\"b,c\",\"say \"\"hi\"\"\"\n\nx,y,z")
        #expect(table.rows.map(\.fields) == [["a", "b,c", "say \"hi\""], ["x", "y", "z"]])
        #expect(table.rows.map(\.line) == [1, 3])
    }
}

@Suite struct ImportApiKeysEdgeTests {
    @Test func rowsWithoutANameAreWarningsAndAByteOrderMarkIsIgnored() throws {
        var configuration = Configuration()
        let csv = "\u{FEFF}Name,Key\r\nnamed,hhhhhhhhhhhhhhhhhhhhhhhh\r\n,iiiiiiiiiiiiiiiiiiiiiiii\r\n"
        var counter = 0
        let result = try configuration.importApiKeys(csv: csv, failOnWarnings: false, now: 1) {
            counter += 1
            return "id\(counter)"
        }
        #expect(result.ids.count == 1)
        #expect(result.warnings == ["Invalid API Key on line 3: the Name column is empty"])
    }
}
