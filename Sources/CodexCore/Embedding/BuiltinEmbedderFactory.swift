import Foundation

/// The built-in embedder, shared by everyone in the process; its weights load on first use.
public enum BuiltinEmbedderFactory {
    public static let identity = EmbedderIdentity(name: "builtin:" + ModelLocation.builtinModelName, dimension: 384)

    /// One instance per process: the weights are memory-mapped once, and a server's concurrent
    /// queries share them.
    public static let shared: any Embedder = CachedEmbedder(
        LazyEmbedder(identity: identity) {
            try BuiltinEmbedder(precision: .fromEnvironment(ProcessInfo.processInfo.environment))
        })
}
