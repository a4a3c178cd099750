import ArgumentParser
import Foundation
import TurnpikeServer

/// Ends a command with one line on standard error and an exit status: 64 (usage) for a setting
/// that cannot be used, 1 for a failure while running (a port, a file, the store).
enum CommandFailure {
    /// Runs `body`, turning its failures into a line and the matching exit status.
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as InvalidSetting {
            throw exit(64, error.description)
        } catch let error as ExitCode {
            throw error
        } catch let error as ServerError {
            throw exit(1, error.description)
        } catch {
            throw exit(1, "\(error)")
        }
    }

    private static func exit(_ status: Int32, _ line: String) -> ExitCode {
        FileHandle.standardError.write(Data("turnpike: \(line)\n".utf8))
        return ExitCode(status)
    }
}
