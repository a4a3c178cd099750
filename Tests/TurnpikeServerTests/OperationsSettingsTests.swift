import Foundation
import Logging
import Testing
@testable import TurnpikeServer

/// The pure parts of running the gateway: strict settings, readiness answers, JSON log lines and
/// the aws CLI configuration file.
@Suite struct OperationsSettingsTests {
    @Test func strictEnvironmentValues() throws {
        let environment = EnvironmentSettings([
            "TURNPIKE_PORT": "8080", "TURNPIKE_ACCESS_LOG": "Off", "TURNPIKE_IDLE_TIMEOUT": "2m", "TURNPIKE_EMPTY": "",
            "TURNPIKE_LOG_FORMAT": "JSON",
        ])
        #expect(try environment.integer("TURNPIKE_PORT", in: 0...65535) == 8080)
        #expect(try environment.flag("TURNPIKE_ACCESS_LOG") == false)
        #expect(try environment.duration("TURNPIKE_IDLE_TIMEOUT") == .seconds(120))
        #expect(try environment.choice("TURNPIKE_LOG_FORMAT", ["text", "json"]) == "json")
        #expect(try environment.integer("TURNPIKE_EMPTY", in: 0...1) == nil)
        #expect(try environment.flag("TURNPIKE_UNSET") == nil)
    }

    @Test(arguments: [("TURNPIKE_PORT", "abc"), ("TURNPIKE_PORT", "70000"), ("TURNPIKE_PORT", "-1"), ("TURNPIKE_PORT", " 80")])
    func refusedNumbers(name: String, value: String) {
        let error = #expect(throws: InvalidSetting.self) {
            try EnvironmentSettings([name: value]).integer(name, in: 0...65535)
        }
        #expect(error?.description == "\(name) must be a whole number from 0 to 65535 (got '\(value)')")
    }

    @Test func accountIdsAreTwelveDigits() throws {
        #expect(try EnvironmentSettings(["ID": "111122223333"]).accountId("ID") == "111122223333")
        #expect(try EnvironmentSettings([:]).accountId("ID") == nil)
        #expect(try EnvironmentSettings(["ID": ""]).accountId("ID") == nil, "empty is unset, as for every variable")
        for bad in ["11112222333", "1111222233334", "11112222333x", " 111122223333"] {
            #expect(throws: InvalidSetting.self) { try EnvironmentSettings(["ID": bad]).accountId("ID") }
        }
        #expect(throws: InvalidSetting.self) { try EnvironmentSettings.accountId("abc", name: "--account-id") }
    }

    @Test func refusedFlagDurationAndChoice() {
        let environment = EnvironmentSettings(["A": "maybe", "B": "0s", "C": "xml"])
        #expect(throws: InvalidSetting.self) { try environment.flag("A") }
        #expect(throws: InvalidSetting.self) { try environment.duration("B") }
        #expect(throws: InvalidSetting.self) { try environment.choice("C", ["text", "json"]) }
    }

    @Test func secretsFromFiles() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-secret-\(UUID().uuidString)")
        try "s3cret\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try EnvironmentSettings(["S_FILE": file.path]).secret("S") == "s3cret")
        #expect(try EnvironmentSettings(["S": "direct"]).secret("S") == "direct")
        #expect(throws: InvalidSetting.self) { try EnvironmentSettings(["S": "a", "S_FILE": file.path]).secret("S") }
        #expect(throws: InvalidSetting.self) { try EnvironmentSettings(["S_FILE": "/nonexistent/secret"]).secret("S") }
    }

    @Test func unknownVariablesAreNamed() {
        let environment = EnvironmentSettings(["TURNPIKE_PROT": "1", "TURNPIKE_PORT": "1", "TURNPIKE_DATA_KEY_FILE": "/k", "HOME": "/"])
        #expect(environment.unknownNames(known: ["TURNPIKE_PORT", "TURNPIKE_DATA_KEY"]) == ["TURNPIKE_PROT"])
    }

    @Test func readinessAnswers() {
        #expect(Readiness(phase: .serving).status == 200)
        #expect(Readiness(phase: .serving).body == #"{"status":"ready"}"#)
        #expect(Readiness(phase: .starting).status == 503)
        #expect(Readiness(phase: .draining).body == #"{"status":"not ready","reason":"draining"}"#)
        let down = Readiness(phase: .serving, storeProblem: #"The store did not answer "x""#)
        #expect(down.status == 503)
        #expect(down.body == #"{"status":"not ready","reason":"store unreachable","detail":"The store did not answer \"x\""}"#)
    }

    @Test func healthPhases() {
        let health = GatewayHealth(listeners: 2, drainTimeout: .seconds(30))
        #expect(health.phase == .starting)
        health.listenerBound()
        #expect(health.phase == .starting)
        health.listenerBound()
        #expect(health.phase == .serving)
        let deadline = health.startDraining()
        #expect(health.phase == .draining)
        #expect(health.startDraining() == deadline)  // every listener gets the same deadline
    }

    @Test func jsonLogLineParses() throws {
        let line = JSONLogHandler.line(
            date: Date(timeIntervalSince1970: 1_796_000_000.25), level: .notice, label: "turnpike",
            message: "admin change \"quoted\"", metadata: ["operation": "CreateRestApi", "nested": ["a": "b"]])
        #expect(line.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["timestamp"] as? String == "2026-11-30T00:53:20.250Z")
        #expect(object["level"] as? String == "notice")
        #expect(object["message"] as? String == "admin change \"quoted\"")
        let metadata = try #require(object["metadata"] as? [String: String])
        #expect(metadata["operation"] == "CreateRestApi")
    }

    @Test func awsConfigPointsAtTheBoundPort() {
        #expect(AWSConfigFile(host: "127.0.0.1", port: 41234).text.contains("[profile turnpike]\nendpoint_url = http://127.0.0.1:41234\nregion = us-east-1\n"))
        #expect(AWSConfigFile(host: "0.0.0.0", port: 1).endpoint == "http://127.0.0.1:1")
        #expect(AWSConfigFile(host: "::1", port: 2).endpoint == "http://[::1]:2")
    }
}
