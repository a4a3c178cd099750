import TurnpikeModel
import TurnpikeStore

/// `GetAccount`, `UpdateAccount`.
enum AccountRoutes {
    static let all: [AdminRoute] = [
        AdminRoute("GET", "/account", "GetAccount") { _, context in
            try .json(await context.controlPlane.read { $0.account })
        },
        AdminRoute("PATCH", "/account", "UpdateAccount") { request, context in
            let input = try request.decode(PatchInput.self, input: "updateAccountInput")
            let account = try await context.controlPlane.write { try $0.updateAccount(operations: input.patchOperations ?? []) }
            return try .json(account)
        },
    ]
}
