import NIOCore

extension InvokeRequest {
    /// The answer refusing this request when its method's request validator rejects it
    /// (``RequestValidation``), or nil when it passes or is not validated.
    func validationRefusal(body: ByteBuffer?) -> RenderedResponse? {
        guard let match, let target, let validation = match.method.validation else { return nil }
        let bytes = validation.validatesBody ? body.map { Array($0.readableBytesView) } : nil
        let head = head
        guard let refusal = validation.refusal(
            header: { head.first(name: $0) }, rawQuery: target.rawQuery,
            pathParameter: { match.pathParameter($0, in: target.path) },
            contentType: head.first(name: "content-type"), body: bytes
        ) else { return nil }
        return responses.render(refusal.type, message: refusal.message, validationErrorString: refusal.validationErrors)
    }
}
