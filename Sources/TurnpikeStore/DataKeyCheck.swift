/// The store's *key check value*: a keyed hash that tells whether a data key is the one the store's
/// data was sealed with, without revealing the key (HMAC-SHA256 of a fixed text under a key derived
/// from the data key, see ``ValueSealer/keyCheck``).
///
/// Each store keeps it in a one-row table (`data_key_check`) and checks it when it opens: a node
/// started with another key refuses to start with ``DataKeyMismatch`` instead of answering 403 to
/// every API key. A store from before the check (no row) is checked by opening one sealed API key
/// value, then the value is recorded.
public enum DataKeyCheck {
    /// What opening the store does about the check.
    public enum Decision: Sendable, Equatable {
        /// The stored value matches.
        case matches
        /// Nothing is stored yet and nothing stored contradicts the key: record `value`.
        case record(String)
    }

    /// Decides for the stored check value and, when there is none, one sealed value from the store.
    /// - Throws: ``DataKeyMismatch`` when the key is not the store's.
    public static func decide(stored: String?, sampleSealed: [UInt8]?, sealer: ValueSealer) throws -> Decision {
        let value = sealer.keyCheck
        if let stored {
            guard stored == value else { throw DataKeyMismatch() }
            return .matches
        }
        if let sampleSealed {
            guard (try? sealer.open(sampleSealed)) != nil else { throw DataKeyMismatch() }
        }
        return .record(value)
    }
}

/// The data key does not open the store's data: the node must not start.
public struct DataKeyMismatch: Error, Sendable, CustomStringConvertible {
    public init() {}

    public var description: String {
        "the store's data was sealed with another data key (its key check value differs): start with the data key "
            + "the store was created with (TURNPIKE_DATA_KEY or <data-dir>/data.key)"
    }
}
