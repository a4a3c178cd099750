/// Generates the short lowercase alphanumeric identifiers AWS uses (10 characters for APIs and
/// keys, 6 for plans, resources and deployments). Clients treat them as opaque.
public enum EntityID {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    private static let valueAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// A new random identifier of `length` characters.
    public static func make(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// A new API key value: 40 alphanumeric characters, as AWS generates.
    public static func makeKeyValue() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<40).map { _ in valueAlphabet.randomElement(using: &generator)! })
    }
}
