import Foundation
import NIOCore

/// A start-up or run-time failure, reported to the user as one sentence (and exit status 1).
public struct ServerError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// A listener that could not bind: which one, where, and the OS's reason in words.
    static func listening(_ listener: String, host: String, port: Int, _ error: any Error) -> ServerError {
        let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
        return ServerError("cannot listen on \(host):\(port) (\(listener) listener): \(reason)")
    }

    /// A file or directory the gateway could not use, with the OS's reason in words.
    static func file(_ path: String, _ doing: String, errno code: Int32) -> ServerError {
        ServerError("cannot \(doing) \(path): \(String(cString: strerror(code)))")
    }
}
