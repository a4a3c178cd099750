import Foundation
import Testing
import TurnpikeServer
import TurnpikeTesting

/// Issue 13 item 8: the generated `credentials` file is 0600, written with `O_EXCL|O_NOFOLLOW`
/// (a link planted at its temporary name is removed, not written through), and a link at the
/// file itself is refused rather than read.
@Suite struct AdminCredentialsFileTests {
    @Test func theCredentialsFileIsPrivateAndNoLinkIsFollowed() throws {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("turnpike-credentials-\(UUID().uuidString)")
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("victim.txt")
        try Data("precious\n".utf8).write(to: victim)
        try fileManager.createSymbolicLink(at: directory.appendingPathComponent("credentials.tmp"), withDestinationURL: victim)

        let generated = try AdminCredentials.resolve(accessKeyID: nil, secretAccessKey: nil, dataDirectory: directory)
        #expect(generated.generated)
        let file = directory.appendingPathComponent("credentials")
        let attributes = try fileManager.attributesOfItem(atPath: file.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
        let again = try AdminCredentials.resolve(accessKeyID: nil, secretAccessKey: nil, dataDirectory: directory)
        #expect(!again.generated && again.accessKeyID == generated.accessKeyID)

        let linked = directory.appendingPathComponent("linked")
        try fileManager.createDirectory(at: linked, withIntermediateDirectories: true)
        try fileManager.copyItem(at: file, to: directory.appendingPathComponent("attacker-credentials"))
        try fileManager.createSymbolicLink(at: linked.appendingPathComponent("credentials"),
                                           withDestinationURL: directory.appendingPathComponent("attacker-credentials"))
        #expect(throws: (any Error).self) {
            _ = try AdminCredentials.resolve(accessKeyID: nil, secretAccessKey: nil, dataDirectory: linked)
        }
    }

    /// A whole server on a fresh data directory: the directory 0700, its database files and data key 0600.
    @Test func aServersDataDirectoryIsPrivate() async throws {
        let gateway = try await LiveGateway.start()
        defer { gateway.removeData() }
        #expect(try await gateway.admin("POST", "/apikeys", json: #"{"name":"k"}"#).status == 201)
        let fileManager = FileManager.default
        func mode(_ name: String) throws -> Int? {
            let path = name.isEmpty ? gateway.dataDirectory.path : gateway.dataDirectory.appendingPathComponent(name).path
            return try fileManager.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        }
        #expect(try mode("") == 0o700)
        for name in ["turnpike.sqlite", "turnpike.sqlite-wal", "turnpike.sqlite-shm", "data.key"] {
            #expect(try mode(name) == 0o600, "\(name)")
        }
        await gateway.stop()
    }
}
