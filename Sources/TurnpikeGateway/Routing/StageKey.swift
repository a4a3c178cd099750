/// An API stage by its API id and stage name: the key the snapshot's stages and the key table's
/// stage ordinals are found by.
struct StageKey: Hashable, Sendable {
    var apiId: String
    var stage: String
}
