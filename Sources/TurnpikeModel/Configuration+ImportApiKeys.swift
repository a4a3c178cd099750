import Foundation

/// What `ImportApiKeys` answers: the new keys' ids and a warning for every row it skipped.
public struct ApiKeyImportResult: Codable, Sendable, Equatable {
    public var ids: [String]
    public var warnings: [String]
}

extension Configuration {
    /// The most data rows one `ImportApiKeys` call takes (**admin input limit**). A larger file is
    /// refused before any row is looked at, with a 400 `BadRequestException` that names the limit
    /// (not AWS's `LimitExceededException`: botocore retries that one as a throttle). AWS's own
    /// limit is 10,000 keys per region, so any import AWS takes fits in one call; a larger set is
    /// imported in several calls. The bound keeps one import (one transaction, one snapshot
    /// rebuild) well inside the store call's deadline.
    public static let maximumImportRows = 10_000

    /// `ImportApiKeys` from AWS's CSV format: a header row (case-insensitive names, any order)
    /// with `Name` and `Key` required and `Description`, `Enabled` (default true) and
    /// `UsagePlanIds` optional. Bad rows become warnings; with `failOnWarnings` any warning
    /// refuses the whole import.
    public mutating func importApiKeys(
        csv: String, failOnWarnings: Bool, now: Int, makeID: () -> String
    ) throws -> ApiKeyImportResult {
        // Spreadsheets often start UTF-8 CSV files with a byte-order mark.
        let table = try CSVTable(parsing: csv.hasPrefix("\u{FEFF}") ? String(csv.dropFirst()) : csv)
        guard let header = table.rows.first else {
            throw GatewayError.badRequest("Invalid API Key import: the CSV file is empty; a header row is required")
        }
        guard table.rows.count - 1 <= Self.maximumImportRows else {
            throw GatewayError.badRequest(
                "API Key import is limited to \(Self.maximumImportRows) rows per call; this file has \(table.rows.count - 1). "
                    + "Split it into several imports")
        }
        let columns = Dictionary(
            header.fields.enumerated().map { ($1.trimmingCharacters(in: .whitespaces).lowercased(), $0) },
            uniquingKeysWith: { first, _ in first }
        )
        guard let nameColumn = columns["name"], let keyColumn = columns["key"] else {
            throw GatewayError.badRequest("Invalid API Key import: the header row must have the columns Name and Key")
        }
        var result = ApiKeyImportResult(ids: [], warnings: [])
        // Work on a copy so that a refused import (failOnWarnings) leaves this configuration untouched.
        var working = self
        for row in table.rows.dropFirst() {
            func field(_ column: Int?) -> String? {
                guard let column, column < row.fields.count else { return nil }
                let value = row.fields[column].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            do {
                let enabled: Bool
                switch field(columns["enabled"])?.lowercased() {
                case nil, "true": enabled = true
                case "false": enabled = false
                case let other?: throw GatewayError.badRequest("Invalid Enabled value '\(other)': must be true or false")
                }
                guard let value = field(keyColumn) else { throw GatewayError.badRequest("the Key column is empty") }
                guard field(nameColumn) != nil else { throw GatewayError.badRequest("the Name column is empty") }
                let planIds = (field(columns["usageplanids"]) ?? "")
                    .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                let plans = try planIds.map { try working.usagePlan($0) }
                for (index, plan) in plans.enumerated() {
                    for other in plans[(index + 1)...] where other.id == plan.id
                        || other.apiStages.contains(where: { stage in plan.apiStages.contains { $0.sameStage(as: stage) } }) {
                        throw GatewayError.conflict("usage plans \(plan.id) and \(other.id) cannot share a key")
                    }
                }
                try Self.validateKeyValue(value)
                try Self.validateKeyName(field(nameColumn))
                try Self.validateKeyDescription(field(columns["description"]))
                guard working.keyIdsByValue[value] == nil else { throw GatewayError.conflict("API Key already exists") }
                // Everything that could refuse the row was checked above, so nothing below throws half-way.
                let key = try working.createApiKey(
                    CreateApiKeyInput(name: field(nameColumn), description: field(columns["description"]),
                                      enabled: enabled, value: value),
                    id: makeID(), now: now
                )
                for plan in plans { try working.attach(key: key, to: plan) }
                result.ids.append(key.id)
            } catch let error as GatewayError {
                result.warnings.append("Invalid API Key on line \(row.line): \(error.message)")
            }
        }
        if failOnWarnings, !result.warnings.isEmpty {
            throw GatewayError.badRequest("API Key import failed: \(result.warnings.joined(separator: "; "))")
        }
        self = working
        return result
    }
}
