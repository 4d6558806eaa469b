import Foundation

extension UUID {
    /// The id as codex writes it everywhere (store, CLI, JSON, HTTP headers): lowercase, where
    /// Foundation's `uuidString` (and `JSONEncoder`) write capitals.
    public var lowercasedString: String { uuidString.lowercased() }
}
