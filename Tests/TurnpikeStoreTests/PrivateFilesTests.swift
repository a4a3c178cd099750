import Foundation
import Testing
import TurnpikeModel
import TurnpikeStore

/// Issue 13 item 8: the data directory is 0700, the SQLite files 0600, and secret files are
/// written with `O_EXCL|O_NOFOLLOW`: a symbolic link planted where one goes is never followed.
@Suite struct PrivateFilesTests {
    let fileManager = FileManager.default

    func temporary(_ name: String) -> URL {
        fileManager.temporaryDirectory.appendingPathComponent("turnpike-\(name)-\(UUID().uuidString)")
    }

    func mode(_ url: URL) throws -> Int {
        try (fileManager.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func theDataDirectoryIsCreatedPrivateAndAWiderOneIsTightened() throws {
        let fresh = temporary("fresh").appendingPathComponent("data")
        defer { try? fileManager.removeItem(at: fresh.deletingLastPathComponent()) }
        _ = try DataKey.load(dataDirectory: fresh, environmentValue: nil)
        #expect(try mode(fresh) == 0o700)
        #expect(try mode(fresh.appendingPathComponent("data.key")) == 0o600)

        let wide = temporary("wide")
        try fileManager.createDirectory(at: wide, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? fileManager.removeItem(at: wide) }
        #expect(try mode(wide) == 0o755)
        _ = try DataKey.load(dataDirectory: wide, environmentValue: Data(repeating: 7, count: 32).base64EncodedString())
        #expect(try mode(wide) == 0o700)

        // A shared directory (sticky, like /tmp) is never changed: the start stops instead.
        let shared = temporary("shared")
        try fileManager.createDirectory(at: shared, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: shared) }
        try fileManager.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: shared.path)
        #expect(throws: StoreError.self) { try DataKey.load(dataDirectory: shared, environmentValue: nil) }
        #expect(try mode(shared) == 0o1777)
        #expect(!fileManager.fileExists(atPath: shared.appendingPathComponent("data.key").path))
    }

    @Test func theSQLiteFilesAre0600() async throws {
        let directory = temporary("sqlite")
        defer { try? fileManager.removeItem(at: directory) }
        let key = try DataKey.load(dataDirectory: directory, environmentValue: nil)
        let path = directory.appendingPathComponent("turnpike.sqlite")
        let store = try SQLiteStore(path: path.path, sealer: ValueSealer(dataKey: key))
        var configuration = Configuration()
        _ = try configuration.createApiKey(CreateApiKeyInput(name: "k", enabled: true), id: "k1", now: 0)
        try await store.commit(configuration.takeChanges(), basedOn: nil)
        for suffix in ["", "-wal", "-shm"] {
            let file = URL(fileURLWithPath: path.path + suffix)
            #expect(fileManager.fileExists(atPath: file.path), "\(suffix)")
            #expect(try mode(file) == 0o600, "turnpike.sqlite\(suffix)")
        }

        // A database file left wider by an older version is tightened when opened.
        let older = directory.appendingPathComponent("older.sqlite")
        _ = try SQLiteStore(path: older.path, sealer: ValueSealer(dataKey: key))
        try fileManager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: older.path)
        _ = try SQLiteStore(path: older.path, sealer: ValueSealer(dataKey: key))
        #expect(try mode(older) == 0o600)
    }

    @Test func aLinkPlantedAtASecretFileIsNotFollowed() throws {
        let directory = temporary("links")
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("victim.txt")
        try Data("precious\n".utf8).write(to: victim)

        // At the temporary name the writer uses: removed, never written through.
        let planted = directory.appendingPathComponent("data.key.tmp")
        try fileManager.createSymbolicLink(at: planted, withDestinationURL: victim)
        let key = try DataKey.load(dataDirectory: directory, environmentValue: nil)
        #expect(key.count == 32)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
        let written = try fileManager.attributesOfItem(atPath: directory.appendingPathComponent("data.key").path)
        #expect(written[.type] as? FileAttributeType == .typeRegular)
        #expect(!fileManager.fileExists(atPath: planted.path))

        // At the secret file itself: refused, not read through.
        let linked = directory.appendingPathComponent("linked")
        try fileManager.createDirectory(at: linked, withIntermediateDirectories: true)
        let stolen = directory.appendingPathComponent("attacker.key")
        try Data((Data(repeating: 9, count: 32).base64EncodedString() + "\n").utf8).write(to: stolen)
        try fileManager.createSymbolicLink(at: linked.appendingPathComponent("data.key"), withDestinationURL: stolen)
        #expect(throws: StoreError.self) { try DataKey.load(dataDirectory: linked, environmentValue: nil) }

        // The writer itself, over a link at the final name: the link is replaced, its target untouched.
        let target = directory.appendingPathComponent("secret")
        try fileManager.createSymbolicLink(at: target, withDestinationURL: victim)
        try SecretFile.write("new\n", to: target)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
        #expect(try SecretFile.read(target) == "new\n")
        #expect(try mode(target) == 0o600)
    }
}
