public import TurnpikeModel

extension InvokeRouter {
    /// Compiles a deployment's resource tree (`[resourceId: Resource]`, e.g.
    /// `document.deploymentSnapshots[stage.deploymentId]`).
    ///
    /// Resources are placed by their `path`; two resources with the same path, or a second
    /// `{param}` or `{name+}` sibling (which AWS refuses to create), keep the first in path order.
    /// Unknown HTTP methods are skipped. Never fails.
    public convenience init(resources: [String: Resource]) {
        self.init(resources: resources, stageVariables: [:])
    }

    /// Compiles a deployment's resource tree for one stage: `${stageVariables.name}` in integration
    /// URIs is replaced with the stage's variables (an unknown variable with nothing, as AWS does).
    /// With `keyFromAuthorizer` (the API's `apiKeySource` is `AUTHORIZER`), a method that needs a key
    /// fails closed: only an authorizer could supply it, and Turnpike runs none. Methods with a
    /// request validator validate requests against `catalog`'s validators and models. Lambda proxy
    /// integrations encode and decode bodies by the API's `binaryMediaTypes`.
    public convenience init(resources: [String: Resource], stageVariables: [String: String], keyFromAuthorizer: Bool = false,
                            catalog: ModelCatalog = .empty, binaryMediaTypes: BinaryMediaTypes = BinaryMediaTypes(nil)) {
        var nodes = [Node()]
        var literalChildren: [LiteralKey: Int32] = [:]
        var methodSlots: [Int32] = []
        var plans: [MethodPlan] = []

        let ordered = resources.values.sorted { ($0.path, $0.id) < ($1.path, $1.id) }
        for resource in ordered {
            let parts = Self.pathParts(resource.path)
            var node: Int32 = 0
            var slots: [PathParameterSlot] = []
            var placed = true
            for (segment, part) in parts.enumerated() {
                switch PathPart(part) {
                case .literal(let literal):
                    let key = LiteralKey(parent: node, part: literal)
                    if let child = literalChildren[key] {
                        node = child
                    } else {
                        nodes.append(Node())
                        let child = Int32(nodes.count - 1)
                        literalChildren[key] = child
                        node = child
                    }
                case .parameter(let name):
                    if nodes[Int(node)].parameterChild < 0 {
                        nodes.append(Node())
                        nodes[Int(node)].parameterChild = Int32(nodes.count - 1)
                    }
                    node = nodes[Int(node)].parameterChild
                    slots.append(PathParameterSlot(name: name, segment: segment, greedy: false))
                case .greedy(let name):
                    // A greedy part takes the rest of the path: nothing may follow it.
                    guard segment == parts.count - 1 else { placed = false; break }
                    if nodes[Int(node)].greedyChild < 0 {
                        nodes.append(Node())
                        nodes[Int(node)].greedyChild = Int32(nodes.count - 1)
                    }
                    node = nodes[Int(node)].greedyChild
                    slots.append(PathParameterSlot(name: name, segment: segment, greedy: true))
                }
                if !placed { break }
            }
            let methods = (resource.resourceMethods ?? [:]).sorted { $0.key < $1.key }
            guard placed, !methods.isEmpty, nodes[Int(node)].methodBase < 0 else { continue }
            var nodeSlots = [Int32](repeating: -1, count: MethodIndex.count)
            for (name, method) in methods {
                guard let index = MethodIndex(name) else { continue }
                let plan = MethodPlan(
                    resource: resource, method: method, parameters: slots, stageVariables: stageVariables,
                    keyFromAuthorizer: keyFromAuthorizer, catalog: catalog, binaryMediaTypes: binaryMediaTypes,
                    ordinal: plans.count)
                nodeSlots[index.rawValue] = Int32(plans.count)
                plans.append(plan)
            }
            guard nodeSlots.contains(where: { $0 >= 0 }) else { continue }
            nodes[Int(node)].methodBase = Int32(methodSlots.count)
            methodSlots.append(contentsOf: nodeSlots)
        }

        self.init(
            nodes: nodes,
            literals: LiteralTable(edges: literalChildren.map { (parent: $0.key.parent, part: $0.key.part, child: $0.value) }),
            methodSlots: methodSlots, plans: plans)
    }

    /// The parts of a resource path: `/` has none, `/pets/{id}` has `pets` and `{id}`.
    static func pathParts(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private struct LiteralKey: Hashable {
        var parent: Int32
        var part: String
    }

    /// What a resource's path part is.
    private enum PathPart {
        case literal(String)
        case parameter(String)
        case greedy(String)

        init(_ part: Substring) {
            guard part.count > 2, part.first == "{", part.last == "}" else {
                self = .literal(String(part))
                return
            }
            let name = part.dropFirst().dropLast()
            if name.last == "+" {
                self = .greedy(String(name.dropLast()))
            } else {
                self = .parameter(String(name))
            }
        }
    }
}
