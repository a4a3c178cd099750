import Foundation

/// The whole configuration of a gateway as one value: API keys, usage plans and their keys,
/// REST APIs (with everything under them), custom domain names and the account settings.
///
/// Admin operations are mutating methods on a copy (see the `Configuration+*.swift` files); each
/// records the records it changed, which the store then writes in one transaction. A refused
/// operation throws before the copy is kept, so it changes nothing.
public struct Configuration: Sendable {
    public private(set) var apiKeys: [String: ApiKey] = [:]
    public private(set) var usagePlans: [String: UsagePlan] = [:]
    /// Key ids of each usage plan, by plan id.
    public private(set) var planKeys: [String: Set<String>] = [:]
    public private(set) var restApis: [String: RestApiDocument] = [:]
    public private(set) var account = Account()
    /// Custom domain names with their base path mappings, by lowercased name.
    public private(set) var domainNames: [String: DomainNameDocument] = [:]
    public private(set) var vpcLinks: [String: VpcLink] = [:]
    public private(set) var clientCertificates: [String: ClientCertificate] = [:]
    /// API key ids by value, for uniqueness and lookups.
    public private(set) var keyIdsByValue: [String: String] = [:]

    private var pendingChanges: [ConfigurationChange] = []

    /// An empty configuration.
    public init() {}

    /// Rebuilds the configuration from stored records.
    public init(records: [EntityRecord]) throws {
        let decoder = JSONDecoder()
        for record in records {
            let data = Data(record.body)
            switch record.kind {
            case .apiKey:
                var key = try decoder.decode(ApiKey.self, from: data)
                key.value = record.secret
                apiKeys[key.id] = key
                if let value = record.secret { keyIdsByValue[value] = key.id }
            case .usagePlan:
                let plan = try decoder.decode(UsagePlan.self, from: data)
                usagePlans[plan.id] = plan
            case .usagePlanKey:
                let link = try decoder.decode(PlanKeyLink.self, from: data)
                planKeys[link.planId, default: []].insert(link.keyId)
            case .restApi:
                let document = try decoder.decode(RestApiDocument.self, from: data)
                restApis[document.api.id] = document
            case .account:
                account = try decoder.decode(Account.self, from: data)
            case .domainName:
                let document = try decoder.decode(DomainNameDocument.self, from: data)
                domainNames[document.domain.domainName] = document
            case .vpcLink:
                let link = try decoder.decode(VpcLink.self, from: data)
                vpcLinks[link.id] = link
            case .clientCertificate:
                let certificate = try decoder.decode(ClientCertificate.self, from: data)
                clientCertificates[certificate.clientCertificateId] = certificate
            }
        }
    }

    /// The changes recorded since the last call, last write per record winning; clears them.
    public mutating func takeChanges() -> [ConfigurationChange] {
        var seen = Set<String>()
        var result: [ConfigurationChange] = []
        for change in pendingChanges.reversed() where seen.insert(change.key).inserted {
            result.append(change)
        }
        pendingChanges.removeAll()
        return result.reversed()
    }

    /// True when changes are waiting to be stored.
    public var hasChanges: Bool { !pendingChanges.isEmpty }

    // MARK: Recording writes

    mutating func save(_ key: ApiKey) {
        if let old = apiKeys[key.id]?.value, old != key.value { keyIdsByValue[old] = nil }
        apiKeys[key.id] = key
        if let value = key.value { keyIdsByValue[value] = key.id }
        record(.apiKey, key.id, key.withoutValue, secret: key.value)
    }

    mutating func deleteApiKey(_ id: String) {
        if let value = apiKeys[id]?.value { keyIdsByValue[value] = nil }
        apiKeys[id] = nil
        pendingChanges.append(.delete(.apiKey, id: id))
        for (planId, keys) in planKeys where keys.contains(id) {
            removePlanKey(planId: planId, keyId: id)
        }
    }

    mutating func save(_ plan: UsagePlan) {
        usagePlans[plan.id] = plan
        record(.usagePlan, plan.id, plan)
    }

    mutating func deleteUsagePlan(_ id: String) {
        usagePlans[id] = nil
        pendingChanges.append(.delete(.usagePlan, id: id))
        for keyId in planKeys[id] ?? [] { removePlanKey(planId: id, keyId: keyId) }
        planKeys[id] = nil
    }

    mutating func addPlanKey(planId: String, keyId: String) {
        planKeys[planId, default: []].insert(keyId)
        record(.usagePlanKey, "\(planId)/\(keyId)", PlanKeyLink(planId: planId, keyId: keyId))
    }

    mutating func removePlanKey(planId: String, keyId: String) {
        planKeys[planId]?.remove(keyId)
        if planKeys[planId]?.isEmpty == true { planKeys[planId] = nil }
        pendingChanges.append(.delete(.usagePlanKey, id: "\(planId)/\(keyId)"))
    }

    /// Stores a REST API's document (after any change under it).
    public mutating func save(_ document: RestApiDocument) {
        restApis[document.api.id] = document
        record(.restApi, document.api.id, document)
    }

    /// Removes a REST API and everything under it; usage plans lose its stages, domain names
    /// their mappings to it.
    public mutating func deleteRestApi(_ id: String) {
        restApis[id] = nil
        pendingChanges.append(.delete(.restApi, id: id))
        for var document in domainNames.values where document.mappings.values.contains(where: { $0.restApiId == id }) {
            document.mappings = document.mappings.filter { $0.value.restApiId != id }
            save(document)
        }
        for var plan in usagePlans.values where plan.apiStages.contains(where: { $0.apiId == id }) {
            plan.apiStages.removeAll { $0.apiId == id }
            save(plan)
        }
    }

    /// Stores the account settings.
    public mutating func save(_ account: Account) {
        self.account = account
        record(.account, "account", account)
    }

    /// Stores a domain name with its mappings.
    mutating func save(_ document: DomainNameDocument) {
        domainNames[document.domain.domainName] = document
        record(.domainName, document.domain.domainName, document)
    }

    mutating func deleteDomainName(_ name: String) {
        domainNames[name] = nil
        pendingChanges.append(.delete(.domainName, id: name))
    }

    mutating func save(_ link: VpcLink) {
        vpcLinks[link.id] = link
        record(.vpcLink, link.id, link)
    }

    mutating func save(_ certificate: ClientCertificate) {
        clientCertificates[certificate.clientCertificateId] = certificate
        record(.clientCertificate, certificate.clientCertificateId, certificate)
    }

    /// Removes a VPC link or a client certificate.
    mutating func delete(_ kind: EntityKind, _ id: String) {
        switch kind {
        case .vpcLink: vpcLinks[id] = nil
        case .clientCertificate: clientCertificates[id] = nil
        default: return
        }
        pendingChanges.append(.delete(kind, id: id))
    }

    private mutating func record<T: Encodable>(_ kind: EntityKind, _ id: String, _ value: T, secret: String? = nil) {
        // Encoding our own Codable value types cannot fail.
        let body = (try? WireJSON.storageEncoder().encode(value)).map(Array.init) ?? []
        pendingChanges.append(.put(EntityRecord(kind: kind, id: id, body: body, secret: secret)))
    }
}

/// The stored form of a usage plan key.
struct PlanKeyLink: Codable {
    var planId: String
    var keyId: String
}
