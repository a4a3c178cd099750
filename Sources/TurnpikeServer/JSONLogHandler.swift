import Foundation
import Logging
import TurnpikeModel

/// A log handler writing one JSON object per line (`--log-format json`):
/// `{"timestamp":"2026-12-03T21:40:00.123Z","level":"info","label":"turnpike","message":"…","metadata":{…}}`.
/// Metadata values are written as strings (nested lists and dictionaries as their text).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    /// - Parameter write: receives each line, newline included (standard error by default).
    public init(label: String, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        write(Self.line(date: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged))
    }

    /// The line for one event (pure, for tests).
    static func line(date: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = #"{"timestamp":"\#(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date))","#
        line += #""level":"\#(level.rawValue)","label":\#(label.jsonLiteral),"message":\#(message.jsonLiteral)"#
        if !metadata.isEmpty {
            let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key.jsonLiteral):\("\($0.value)".jsonLiteral)" }
            line += #","metadata":{"# + fields.joined(separator: ",") + "}"
        }
        return line + "}\n"
    }
}
