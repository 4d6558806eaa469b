/// Which documents a search may return.
public struct SearchScope: Sendable, Equatable {
    /// Only this collection; nil searches every collection.
    public var collection: String?

    public init(collection: String? = nil) {
        self.collection = collection
    }
}
