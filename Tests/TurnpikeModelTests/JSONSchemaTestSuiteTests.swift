import Foundation
import Testing
@testable import TurnpikeModel

/// The official JSON-Schema-Test-Suite's draft 4 cases (vendored under
/// `Fixtures/JSONSchemaTestSuite`, with its LICENSE). Left out: the cases that reference a remote
/// document (`refRemote.json`, `definitions.json` and one case of `ref.json`, which name the draft 4
/// meta-schema by URL: Turnpike resolves references within a schema and to the API's other models
/// only), and the suite's `optional/` directory.
@Suite struct JSONSchemaTestSuiteTests {
    /// A case that needs a document fetched from a URL (the draft 4 meta-schema).
    static let remoteCases: Set<String> = ["ref.json: remote ref, containing refs itself"]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/JSONSchemaTestSuite/draft4")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test(arguments: files) func draft4(file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(file)))
        let groups = try #require(OpenAPINode.parseJSON(bytes)?.elements, "\(file) does not parse")
        var checked = 0
        for group in groups {
            let description = group["description"]?.text ?? "?"
            guard !Self.remoteCases.contains("\(file): \(description)") else { continue }
            let schema = try #require(group["schema"])
            #expect(JSONSchema.syntaxError(in: schema) == nil, "\(file): \(description): the schema is refused")
            let validator = JSONSchema(schema)
            for test in group["tests"]?.elements ?? [] {
                let data = try #require(test["data"])
                let expected = test["valid"] == .bool(true)
                #expect(validator.accepts(data) == expected,
                        "\(file): \(description): \(test["description"]?.text ?? "?") should be \(expected ? "valid" : "invalid")")
                #expect(validator.violations(of: data).isEmpty == expected)
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test func suiteIsPresent() {
        #expect(Self.files.count == 28)
    }
}
