import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The data directory (`--data-dir`) holds the SQLite database, `data.key` and `credentials`: it
/// is private to the server's user.
///
/// Created with mode 0700 when missing. An existing directory that group or others may use (any
/// of `0o077` set) is **tightened** to 0700 at start-up rather than warned about: the files in it
/// are secrets whatever the operator meant, and a warning in a log nobody reads protects nothing.
/// A shared directory (sticky, like `/tmp`) or one owned by another user is never changed: if it is
/// open to others, the start stops with that reason ("give Turnpike a directory of its own").
public enum DataDirectory {
    /// Creates or tightens `directory` as described above.
    public static func secure(_ directory: URL) throws {
        let path = directory.path
        var status = stat()
        if stat(path, &status) != 0 {
            guard errno == ENOENT else { throw StoreError("cannot inspect the data directory \(path): errno \(errno)") }
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard stat(path, &status) == 0 else { throw StoreError("cannot create the data directory \(path)") }
        }
        guard (status.st_mode & mode_t(S_IFMT)) == mode_t(S_IFDIR) else {
            throw StoreError("the data directory \(path) is not a directory")
        }
        guard status.st_mode & 0o077 != 0 else { return }
        // Never change a directory that is not the server's own: a shared one (`/tmp`, sticky) or
        // another user's (root could chmod it, and break whatever else lives there).
        guard status.st_mode & mode_t(S_ISVTX) == 0, status.st_uid == geteuid() else {
            throw StoreError(
                "the data directory \(path) is shared (mode \(String(status.st_mode & 0o7777, radix: 8)), owner uid "
                    + "\(status.st_uid)): give Turnpike a directory of its own")
        }
        guard chmod(path, 0o700) == 0 else {
            throw StoreError(
                "the data directory \(path) is open to other users (mode \(String(status.st_mode & 0o777, radix: 8))) "
                    + "and cannot be made private: errno \(errno)")
        }
    }
}
