import PostgresNIO
import TurnpikeStore

extension PostgresStore {
    /// Checks the data key against the database's key check value, recording it when there is none
    /// (``DataKeyCheck``). Nodes starting at once with different keys cannot both record theirs: the
    /// insert keeps the first, and each node compares with what was kept.
    func checkDataKey() async throws {
        let (sealer, logger) = (self.sealer, self.logger)
        try await client.withConnection { connection in
            var stored: String?
            for try await value in try await connection.query("SELECT value FROM data_key_check WHERE id = 1", logger: logger)
                .decode(String.self) {
                stored = value
            }
            var sample: [UInt8]?
            if stored == nil {
                for try await sealed in try await connection.query("SELECT sealed FROM api_key_secrets LIMIT 1", logger: logger)
                    .decode(ByteBuffer.self) {
                    sample = Array(sealed.readableBytesView)
                }
            }
            guard case .record(let value) = try DataKeyCheck.decide(stored: stored, sampleSealed: sample, sealer: sealer) else {
                return
            }
            try await connection.query(
                "INSERT INTO data_key_check (id, value) VALUES (1, \(value)) ON CONFLICT (id) DO NOTHING", logger: logger)
            for try await kept in try await connection.query("SELECT value FROM data_key_check WHERE id = 1", logger: logger)
                .decode(String.self) where kept != value {
                throw DataKeyMismatch()
            }
        }
    }
}
