import Foundation
import Testing
import TurnpikePostgres
import TurnpikeServer

/// `--database` values: each one parsed, or refused with a sentence that never shows a password.
@Suite struct StoreLocationTests {
    let dataDirectory = URL(fileURLWithPath: "/var/lib/turnpike", isDirectory: true)

    func location(_ database: String?) throws -> StoreLocation {
        try StoreLocation(database: database, dataDirectory: dataDirectory)
    }

    @Test func sqliteForms() throws {
        #expect(try location(nil) == .sqlite(path: "/var/lib/turnpike/turnpike.sqlite"))
        #expect(try location("") == .sqlite(path: "/var/lib/turnpike/turnpike.sqlite"))
        #expect(try location("data/t.sqlite") == .sqlite(path: "data/t.sqlite"))
        #expect(try location("sqlite:data/t.sqlite") == .sqlite(path: "data/t.sqlite"))
        #expect(try location("sqlite:///tmp/t.sqlite") == .sqlite(path: "/tmp/t.sqlite"))
    }

    @Test func postgresURLs() throws {
        guard case .postgres(let url) = try location("postgres://turn%40pike:s%3Acret@db.internal:6432/gateway?sslmode=require") else {
            Issue.record("not a PostgreSQL location")
            return
        }
        #expect(url.host == "db.internal" && url.port == 6432 && url.database == "gateway")
        #expect(url.user == "turn@pike" && url.password == "s:cret" && url.sslMode == .require)
        #expect("\(try location("postgres://turn%40pike:s%3Acret@db.internal:6432/gateway?sslmode=require"))"
            == "postgres://turn@pike:***@db.internal:6432/gateway?sslmode=require")
        guard case .postgres(let local) = try location("postgresql://turnpike@localhost") else {
            Issue.record("not a PostgreSQL location")
            return
        }
        #expect(local.port == 5432 && local.database == "turnpike" && local.password == nil && local.sslMode == .disable)
        guard case .postgres(let remote) = try location("postgres://u:p@[2001:db8::1]:5433/db") else {
            Issue.record("not a PostgreSQL location")
            return
        }
        #expect(remote.host == "2001:db8::1" && remote.sslMode == .prefer)
        #expect(remote.description == "postgres://u:***@[2001:db8::1]:5433/db?sslmode=prefer")
    }

    @Test(arguments: [
        ("mysql://u:hunter2@h/db", "Unsupported database URL scheme 'mysql': use a SQLite path, sqlite:PATH or postgres://"),
        ("postgres://:hunter2@h/db", "The PostgreSQL URL names no user: expected postgres://user:password@host:port/database"),
        ("postgres://u:hunter2@/db", "The PostgreSQL URL names no host: expected postgres://user:password@host:port/database"),
        ("postgres://u:hunter2@h/db/x", "The PostgreSQL URL's path must be a single database name"),
        ("postgres://u:hunter2@h/db?sslmode=sometimes",
         "The PostgreSQL URL's sslmode must be one of disable, prefer, require, verify-full"),
        ("postgres://u:hunter2@h/db?connect_timeout=3",
         "The PostgreSQL URL has an unsupported parameter 'connect_timeout': only sslmode is understood"),
        ("postgres://u:hunter2@h:99999/db", "The PostgreSQL URL's port must be between 1 and 65535"),
        ("postgres://u:hunter2@h:port/db", "The PostgreSQL URL is malformed: expected postgres://user:password@host:port/database"),
        ("postgres://u:hunter2@h:0/db", "The PostgreSQL URL's port must be between 1 and 65535"),
        ("sqlite:", "The SQLite database URL names no file: use sqlite:PATH"),
    ])
    func badValuesAreRefusedWithASentence(database: String, message: String) {
        #expect {
            try location(database)
        } throws: { error in
            "\(error)" == message && !"\(error)".contains("hunter2")
        }
    }
}
