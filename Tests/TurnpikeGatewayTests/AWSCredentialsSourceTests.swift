import Foundation
import Synchronization
import Testing
@testable import TurnpikeGateway

/// Credentials are re-read on a bounded cadence: a rewritten shared credentials file (temporary
/// credentials rotated) is used without a restart. Time is moved by hand; nothing sleeps.
@Suite struct AWSCredentialsSourceTests {
    static func profile(_ id: String, token: String) -> String {
        "[default]\naws_access_key_id = \(id)\naws_secret_access_key = secret-of-\(id)\naws_session_token = \(token)\n"
    }

    @Test func aRewrittenCredentialsFileIsPickedUpWithinTheInterval() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnpike-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("credentials")
        try Self.profile("ASIAFIRST", token: "token-1").write(to: file, atomically: true, encoding: .utf8)
        let source = AWSCredentialsSource(
            chain: AWSCredentialsChain(environment: ["HOME": directory.path, "AWS_SHARED_CREDENTIALS_FILE": file.path]),
            refreshSeconds: 60)

        let start = 1_700_000_000
        #expect(source.credentials(epochSeconds: start)
                == AWSCredentials(accessKeyID: "ASIAFIRST", secretAccessKey: "secret-of-ASIAFIRST", sessionToken: "token-1"))
        // The rotation job rewrites the file (atomically, as `aws configure` and sidecars do).
        try Self.profile("ASIASECOND", token: "token-2").write(to: file, atomically: true, encoding: .utf8)
        #expect(source.credentials(epochSeconds: start + 59)?.accessKeyID == "ASIAFIRST", "reused within the interval")
        let refreshed = source.credentials(epochSeconds: start + 60)
        #expect(refreshed == AWSCredentials(accessKeyID: "ASIASECOND", secretAccessKey: "secret-of-ASIASECOND", sessionToken: "token-2"))

        // Removed: no credentials (calls answer 500) until a file is back.
        try FileManager.default.removeItem(at: file)
        #expect(source.credentials(epochSeconds: start + 120) == nil)
        try Self.profile("ASIATHIRD", token: "token-3").write(to: file, atomically: true, encoding: .utf8)
        #expect(source.credentials(epochSeconds: start + 150) == nil)
        #expect(source.credentials(epochSeconds: start + 180)?.accessKeyID == "ASIATHIRD")
    }

    @Test func filesAreReadOncePerIntervalAndAgainWhenTheClockGoesBack() {
        let reads = ReadCounter()
        let source = AWSCredentialsSource(
            chain: AWSCredentialsChain(environment: ["HOME": "/h"]), refreshSeconds: 30,
            read: { path in
                reads.count(path)
                return path == "/h/.aws/credentials" ? AWSCredentialsSourceTests.profile("AKID", token: "t") : nil
            })
        for second in 0..<30 { #expect(source.credentials(epochSeconds: 1000 + second)?.accessKeyID == "AKID") }
        #expect(reads.total == 1, "one read of the credentials file for 30 calls in 30 seconds")
        _ = source.credentials(epochSeconds: 1030)
        _ = source.credentials(epochSeconds: 900)
        #expect(reads.total == 3)
    }

    @Test func fixedCredentialsAreNeverReread() {
        let credentials = AWSCredentials(accessKeyID: "AKIDFIXED", secretAccessKey: "fixed")
        let source = AWSCredentialsSource(fixed: credentials)
        #expect(source.credentials(epochSeconds: 0) == credentials)
        #expect(source.credentials(epochSeconds: Int(Int32.max)) == credentials)
        #expect(AWSCredentialsSource(fixed: nil).credentials(epochSeconds: 5) == nil)
    }
}

/// Counts the files a source reads.
final class ReadCounter: Sendable {
    private let paths = Mutex<[String]>([])
    func count(_ path: String) { paths.withLock { $0.append(path) } }
    var total: Int { paths.withLock { $0.count } }
}
