import NIOHTTP1

/// The compiled route table of one stage: which resource and method of the deployment answer a
/// request path.
///
/// Built once from a deployment's frozen resource tree (``RestApiDocument/deploymentSnapshots``),
/// then only read. Matching follows AWS:
///
/// - a literal path part beats `{param}`, which beats a greedy `{proxy+}` (one or more remaining
///   segments); when a more specific branch dead-ends, the next one is tried (backtracking);
/// - only resources with at least one method take part: a resource without methods is a dead end,
///   so `/{proxy+}` still answers `/pets` when `/pets` exists only as the parent of `/pets/{id}`;
/// - the most specific resource that matches the path wins, then its method: the request's own
///   method, else `ANY`. When that resource has neither, the answer is nil: AWS does not fall back to
///   a less specific resource for the method;
/// - one trailing `/` is ignored (`/pets/` is `/pets`); an empty segment (`/a//b`) matches no
///   literal and no `{param}`, only a greedy part.
///
/// `route(method:path:)` allocates nothing: it walks the path's UTF-8 bytes in place, finds literal
/// children through one hash table keyed by (parent node, segment bytes), and returns indices and
/// a reference to a precomputed ``MethodPlan``. A class: a stage's router is read per request
/// through its snapshot, and a struct's copy would retain each of its tables every time.
public final class InvokeRouter: Sendable {
    /// One node of the path trie. Plain integers, so walking the trie retains nothing.
    struct Node: Sendable {
        /// The `{param}` child, or -1.
        var parameterChild: Int32 = -1
        /// The greedy `{name+}` child, or -1.
        var greedyChild: Int32 = -1
        /// Where this node's method slots start in `methodSlots` (``MethodIndex/count`` of them), or -1
        /// when the node is no resource with methods.
        var methodBase: Int32 = -1
    }

    let nodes: [Node]
    let literals: LiteralTable
    /// For each node with methods, ``MethodIndex/count`` indices into `plans` (-1: no such method).
    let methodSlots: [Int32]
    let plans: [MethodPlan]

    init(nodes: [Node], literals: LiteralTable, methodSlots: [Int32], plans: [MethodPlan]) {
        self.nodes = nodes
        self.literals = literals
        self.methodSlots = methodSlots
        self.plans = plans
    }

    /// Every method plan of the table, in resource path order.
    public var methods: [MethodPlan] { plans }

    /// Finds the resource and method answering `method` on `path` (percent-decoded, starting with
    /// `/`); nil when no resource matches or the matching resource has neither the method nor `ANY`
    /// (AWS answers both with 403 `MissingAuthenticationTokenException`).
    public func route(method: String, path: String) -> RouteMatch? {
        let methodIndex = MethodIndex(method)
        if let found = path.utf8.withContiguousStorageIfAvailable({ route(methodIndex, bytes: $0) }) {
            return found
        }
        return Array(path.utf8).withUnsafeBufferPointer { route(methodIndex, bytes: $0) }
    }

    /// ``route(method:path:)`` for a NIO request method.
    public func route(method: HTTPMethod, path: String) -> RouteMatch? {
        route(method: method.rawValue, path: path)
    }

    // MARK: Matching

    private func route(_ methodIndex: MethodIndex?, bytes: UnsafeBufferPointer<UInt8>) -> RouteMatch? {
        var end = bytes.count
        if end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        // A path starts with `/`; a separator of -1 tolerates one that does not.
        let start = bytes.first == UInt8(ascii: "/") || end == 0 ? 0 : -1
        let node = match(bytes, end: end, node: 0, separator: start)
        guard node >= 0 else { return nil }
        let base = Int(nodes[node].methodBase)
        var slot = -1 as Int32
        if let methodIndex { slot = methodSlots[base + methodIndex.rawValue] }
        if slot < 0 { slot = methodSlots[base + MethodIndex.any.rawValue] }
        guard slot >= 0 else { return nil }
        return RouteMatch(method: plans[Int(slot)])
    }

    /// The resource node matching the segments after `separator` (the index of the `/` before the
    /// next segment; `end` when none is left), or -1.
    private func match(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, node: Int, separator: Int) -> Int {
        let current = nodes[node]
        guard separator < end else { return current.methodBase >= 0 ? node : -1 }
        let segmentStart = separator + 1
        var segmentEnd = segmentStart
        while segmentEnd < end, bytes[segmentEnd] != UInt8(ascii: "/") { segmentEnd += 1 }
        if segmentEnd > segmentStart {
            let segment = UnsafeBufferPointer(rebasing: bytes[segmentStart..<segmentEnd])
            if let child = literals.child(of: Int32(node), segment: segment) {
                let found = match(bytes, end: end, node: Int(child), separator: segmentEnd)
                if found >= 0 { return found }
            }
            if current.parameterChild >= 0 {
                let found = match(bytes, end: end, node: Int(current.parameterChild), separator: segmentEnd)
                if found >= 0 { return found }
            }
        }
        if current.greedyChild >= 0, end > segmentStart, nodes[Int(current.greedyChild)].methodBase >= 0 {
            return Int(current.greedyChild)
        }
        return -1
    }
}

/// The HTTP methods AWS knows, as indices into a node's method slots.
enum MethodIndex: Int, CaseIterable {
    case get, put, post, delete, patch, options, head, any

    static let count = allCases.count

    /// The index of a declared or requested method; nil for a method AWS does not declare
    /// (such a request can still be answered by `ANY`).
    init?(_ method: String) {
        switch method {
        case "GET": self = .get
        case "POST": self = .post
        case "PUT": self = .put
        case "DELETE": self = .delete
        case "PATCH": self = .patch
        case "OPTIONS": self = .options
        case "HEAD": self = .head
        case "ANY": self = .any
        default: return nil
        }
    }
}
