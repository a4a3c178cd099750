import TurnpikeModel

/// The custom domain names of a configuration with their base path mappings, compiled for the
/// invoke path: a request whose `Host` (port and trailing dot aside, any case) is a known domain
/// name goes to the API and stage of the mapping with the longest base path that prefixes its path
/// on a segment boundary, as AWS routes custom domain names:
///
/// - `https://api.example.com/v1/pets` with `v1 → (api, prod)` is `/pets` of `prod`;
/// - with `(none) → (api, prod)`, every path goes to `prod` unchanged;
/// - a mapping without a stage takes the stage from the first segment after the base path.
///
/// A request on a known domain (with mappings or none) that no mapping takes is
/// ``InvokeTargetParse/unmappedDomain``: AWS's 403 `{"message":"Forbidden"}`. Pure value, no I/O.
struct DomainTable: Sendable {
    struct Mapping: Sendable, Equatable {
        /// The base path with a leading `/` (empty for `(none)`).
        var prefix: String
        var apiId: String
        var stage: String?
    }

    /// Mappings by lowercased domain name, longest base path first.
    private let domains: [String: [Mapping]]

    /// No domain names.
    var isEmpty: Bool { domains.isEmpty }

    init(domainNames: [String: DomainNameDocument]) {
        var domains: [String: [Mapping]] = [:]
        for (name, document) in domainNames {
            domains[name.lowercased()] = document.mappings.values.map { mapping in
                Mapping(prefix: mapping.basePath == BasePathMapping.none ? "" : "/" + mapping.basePath,
                        apiId: mapping.restApiId, stage: mapping.stage)
            }.sorted { ($0.prefix.utf8.count, $0.prefix) > ($1.prefix.utf8.count, $1.prefix) }
        }
        self.domains = domains
    }

    /// Where a request goes, or nil when `host` is not a known domain name.
    func target(host: String?, uri: String) -> InvokeTargetParse? {
        guard let host, let mappings = domains[Self.name(ofHost: host)] else { return nil }
        guard let (path, rawQuery) = InvokeTarget.pathAndQuery(uri: uri) else { return .invalid }
        for mapping in mappings {
            guard let rest = Self.remainder(of: path, after: mapping.prefix) else { continue }
            if let stage = mapping.stage {
                return .invoke(InvokeTarget(apiId: mapping.apiId, stage: stage, path: rest, rawQuery: rawQuery))
            }
            let afterSlash = rest.utf8.dropFirst()
            let stageEnd = afterSlash.firstIndex(of: UInt8(ascii: "/")) ?? rest.utf8.endIndex
            let stage = String(rest[afterSlash.startIndex..<stageEnd])
            guard !stage.isEmpty else { continue }
            let inner = String(rest[stageEnd...])
            return .invoke(InvokeTarget(apiId: mapping.apiId, stage: stage, path: inner.isEmpty ? "/" : inner, rawQuery: rawQuery))
        }
        return .unmappedDomain
    }

    /// The path after `prefix` (`/` when nothing is left), when `prefix` ends on a segment boundary of it.
    static func remainder(of path: String, after prefix: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        if rest.isEmpty { return "/" }
        return rest.first == "/" ? String(rest) : nil
    }

    /// A `Host` value's name: lowercased, without its port and trailing dot.
    static func name(ofHost host: String) -> String {
        var name = host.lowercased()[...]
        if let colon = name.lastIndex(of: ":"), name[colon...].dropFirst().allSatisfy(\.isASCIIDigit) { name = name[..<colon] }
        if name.last == "." { name = name.dropLast() }
        return String(name)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
