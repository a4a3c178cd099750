import NIOCore

extension GatewaySnapshot {
    /// Where a request goes: by its custom domain name's base path mappings when its `Host` is one
    /// (``DomainTable``), else by ``InvokeRequestHead/target``. A request on a custom domain name
    /// is never an admin request.
    func target(of head: InvokeRequestHead) -> InvokeTargetParse {
        guard !domains.isEmpty, head.host != nil else { return head.target }
        let uri = head.bytes.withUnsafeReadableBytes { raw in
            String(decoding: raw[Int(head.uriRange.lowerBound)..<Int(head.uriRange.upperBound)], as: UTF8.self)
        }
        return domains.target(host: head.host, uri: uri) ?? head.target
    }
}
