import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files that hold secrets (`data.key`, `credentials`): never read or written through a symbolic
/// link, and private to the server's user.
///
/// - Writing: the text goes to `<file>.tmp`, opened with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600
///   (a file or link already at that name, left by a crash or planted, is removed first, never
///   opened), is synced, then renamed over `<file>`; `rename` replaces a link at `<file>` itself
///   and does not follow it.
/// - Reading: opened with `O_NOFOLLOW`; a symbolic link or anything but a regular file is refused
///   (the server does not start), and a file readable by others is tightened to 0600.
public enum SecretFile {
    /// Writes `text` to `file` as described above.
    public static func write(_ text: String, to file: URL) throws {
        let temporary = file.path + ".tmp"
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == EEXIST {
            // A leftover of an interrupted write, or something planted: unlink removes the name
            // (a link itself, not what it points to).
            guard unlink(temporary) == 0 else { throw StoreError("cannot remove \(temporary): \(String(cString: strerror(errno)))") }
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        guard descriptor >= 0 else { throw StoreError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { break }
            offset += written
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard offset == bytes.count, synced else {
            unlink(temporary)
            throw StoreError("cannot write \(temporary)")
        }
        guard rename(temporary, file.path) == 0 else { throw StoreError("cannot rename \(temporary): \(String(cString: strerror(errno)))") }
    }

    /// The text of `file`; nil when there is no file of that name.
    public static func read(_ file: URL) throws -> String? {
        let descriptor = open(file.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if descriptor < 0 {
            switch errno {
            case ENOENT: return nil
            case ELOOP: throw StoreError("\(file.path) is a symbolic link; a secret file must be a regular file")
            default: throw StoreError("cannot open \(file.path): \(String(cString: strerror(errno)))")
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else {
            throw StoreError("\(file.path) is not a regular file")
        }
        if status.st_mode & 0o077 != 0 { _ = fchmod(descriptor, 0o600) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw StoreError("cannot read \(file.path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw StoreError("\(file.path) is not UTF-8 text") }
        return text
    }
}
