import Foundation
import Logging
import Synchronization
import TurnpikeAdmin
import TurnpikeModel
import TurnpikeSigV4
import TurnpikeStore

/// An admin API over a real SQLite store in a temporary directory, driven without sockets:
/// requests are signed with SigV4 exactly as a client would and handed to the responder.
/// The clock is the harness's own; tests move it with ``advance(seconds:)``.
public final class AdminTestHarness: Sendable {
    /// The credentials the harness signs with.
    public static let credentials = SigV4Credentials(accessKeyID: "AKIDTURNPIKETEST", secretAccessKey: "turnpike-test-secret-0123456789")

    public let directory: URL
    private let state: Mutex<State>
    private let clock: TestClock
    private let settles = Tally()

    /// A count shared with the admin context's closures.
    private final class Tally: Sendable {
        let count = Mutex(0)
    }

    private struct State: Sendable {
        var store: SQLiteStore
        var responder: AdminResponder
        var controlPlane: ControlPlane
    }

    /// A fresh harness in a new temporary directory, its clock at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_764_072_000)) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clock = TestClock(start)
        state = Mutex(try await Self.open(directory: directory, clock: clock, settles: settles))
    }

    private static func open(directory: URL, clock: TestClock, settles: Tally) async throws -> State {
        let key = try DataKey.load(dataDirectory: directory, environmentValue: nil)
        let store = try SQLiteStore(path: directory.appendingPathComponent("turnpike.sqlite").path, sealer: ValueSealer(dataKey: key))
        let controlPlane = try await ControlPlane.load(from: store)
        let context = AdminContext(controlPlane: controlPlane, usage: store, clock: { clock.now },
                                   settleUsage: { settles.count.withLock { $0 += 1 } })
        let credentials = Self.credentials
        let responder = AdminResponder(
            context: context,
            authenticator: SigV4AdminAuthenticator { $0 == credentials.accessKeyID ? credentials.secretAccessKey : nil },
            logger: Logger(label: "turnpike-test"))
        return State(store: store, responder: responder, controlPlane: controlPlane)
    }

    /// Reopens the store from disk, as a restarted server would.
    public func restart() async throws {
        let reopened = try await Self.open(directory: directory, clock: clock, settles: settles)
        state.withLock { $0 = reopened }
    }

    /// How many times the admin API asked for every node's usage to be in the store
    /// (``AdminContext/settleUsage``).
    public var usageSettles: Int { settles.count.withLock { $0 } }

    /// The harness's current time.
    public var now: Date { clock.now }

    /// Moves the clock.
    public func advance(seconds: TimeInterval) {
        clock.advance(seconds: seconds)
    }

    /// The store, for seeding usage.
    public var store: SQLiteStore { state.withLock { $0.store } }

    /// The live configuration.
    public var controlPlane: ControlPlane { state.withLock { $0.controlPlane } }

    /// Sends a signed request; `target` is path and query as sent on the wire.
    public func send(_ method: String, _ target: String, body: [UInt8] = [], headers extra: [(String, String)] = [],
                     signed: Bool = true, credentials: SigV4Credentials = AdminTestHarness.credentials) async -> TestResponse {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers = extra
        for (name, value) in [("Host", "127.0.0.1:4567"), ("Content-Type", "application/json")]
        where !extra.contains(where: { $0.0.lowercased() == name.lowercased() }) {
            headers.append((name, value))
        }
        if signed {
            let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "apigateway")
            headers += signer.sign(
                method: method, rawPath: String(parts[0]), rawQuery: parts.count > 1 ? String(parts[1]) : "",
                headers: headers, body: body, now: now)
        }
        let responder = state.withLock { $0.responder }
        return TestResponse(await responder.handle(method: method, target: target, headers: headers, body: body))
    }

    /// Sends a signed request with a JSON body.
    public func send(_ method: String, _ target: String, json: String) async -> TestResponse {
        await send(method, target, body: Array(json.utf8))
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A clock that only moves when told to.
public final class TestClock: Sendable {
    private let value: Mutex<Date>

    public init(_ start: Date) { value = Mutex(start) }

    /// The current time.
    public var now: Date { value.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative amount).
    public func advance(seconds: TimeInterval) {
        value.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// An admin answer, with accessors for assertions.
public struct TestResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]

    init(_ response: AdminResponse) {
        status = response.status
        headers = response.headers
        body = response.body
    }

    /// A header's value (name case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// `x-amzn-ErrorType`.
    public var errorType: String? { header("x-amzn-ErrorType") }

    /// The body as a JSON object.
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// `message` of an error body.
    public var message: String? { json["message"] as? String }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
